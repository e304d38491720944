namespace Platform.Contracts.Reports;

/// <summary>A report as its owner reads it: the document exactly as signed (UTF-8 JSON), its state and signature.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Reports.Report")]
public sealed record Report(
    [property: Id(0)] string Id,
    [property: Id(1)] string Owner,
    [property: Id(2)] string Document,
    [property: Id(3)] ReportState State,
    [property: Id(4)] ReportSignature? Signature);
