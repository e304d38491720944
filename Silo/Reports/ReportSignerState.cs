namespace Platform.Silo.Reports;

/// <summary>How far the signer got in one user's durable signals.</summary>
[GenerateSerializer, Alias("Platform.Silo.Reports.ReportSignerState")]
public sealed class ReportSignerState
{
    [Id(0)] public long Delivered { get; set; }
}
