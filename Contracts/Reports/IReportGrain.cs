namespace Platform.Contracts.Reports;

/// <summary>One report; the grain key is its id. Produced once, then signed once by the report signer (which acts on <c>report_ready</c>).</summary>
[Alias("Platform.Contracts.Reports.IReportGrain")]
public interface IReportGrain : IGrainWithStringKey
{
    /// <summary>Stores the report's document for its owner; false when a report with this id exists.</summary>
    [Alias("Produce")]
    ValueTask<bool> Produce(string owner, string document);

    /// <summary>The report, or null when there is none.</summary>
    [Alias("Get")]
    ValueTask<Report?> Get();

    /// <summary>Keeps the signer's signature unless the report is signed already; true only for the call that signed it.</summary>
    [Alias("AttachSignature")]
    ValueTask<bool> AttachSignature(ReportSignature signature);
}
