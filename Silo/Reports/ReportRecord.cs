using Platform.Contracts.Reports;

namespace Platform.Silo.Reports;

/// <summary>A report as stored.</summary>
[GenerateSerializer, Alias("Platform.Silo.Reports.ReportRecord")]
public sealed record ReportRecord
{
    [Id(0)] public string? Owner { get; set; }

    /// <summary>UTF-8 JSON text, kept byte for byte: it is what the signature covers.</summary>
    [Id(1)] public string? Document { get; set; }

    [Id(2)] public ReportSignature? Signature { get; set; }
}
