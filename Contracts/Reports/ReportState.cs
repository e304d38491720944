namespace Platform.Contracts.Reports;

public enum ReportState
{
    /// <summary>Produced, waiting for the signer (which acts on the report's <c>report_ready</c> signal).</summary>
    Pending,
    Signed,
}
