namespace Platform.Contracts.Reports;

/// <summary>
/// The report signer of one user (grain key: the user id). It has no calls of its own: Orleans activates it
/// for the user's durable signal stream, to which it subscribes implicitly.
/// </summary>
[Alias("Platform.Contracts.Reports.IReportSignerGrain")]
public interface IReportSignerGrain : IGrainWithStringKey;
