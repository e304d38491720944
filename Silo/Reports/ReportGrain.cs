using Platform.Contracts.Reports;
using Platform.Silo.Signals;
using Platform.Silo.Storage;

namespace Platform.Silo.Reports;

/// <summary>One report: stored when produced, signed at most once.</summary>
public sealed class ReportGrain(
    [PersistentState("report", SignalStorage.ProviderName)] IPersistentState<ReportRecord> report,
    SignalMetrics metrics)
    : Grain, IReportGrain
{
    public async ValueTask<bool> Produce(string owner, string document)
    {
        if (report.State.Owner is not null) return false;
        await report.WriteOrRollBack(new ReportRecord { Owner = owner, Document = document });
        return true;
    }

    public ValueTask<Report?> Get() => ValueTask.FromResult(report.State is { Owner: { } owner, Document: { } document }
        ? new Report(this.GetPrimaryKeyString(), owner, document, report.State.Signature is null ? ReportState.Pending : ReportState.Signed, report.State.Signature)
        : null);

    public async ValueTask<bool> AttachSignature(ReportSignature signature)
    {
        if (report.State.Owner is null || report.State.Signature is not null)
        {
            // A report_ready seen again (queues deliver at least once): the report keeps its one signature.
            metrics.DuplicateSignature();
            return false;
        }

        await report.WriteOrRollBack(report.State with { Signature = signature });

        metrics.ReportSigned();
        return true;
    }
}
