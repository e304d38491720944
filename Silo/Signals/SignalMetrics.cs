using System.Diagnostics.Metrics;
using Platform.ServiceDefaults;

namespace Platform.Silo.Signals;

/// <summary>The silo's part of the signal meter: signals recorded (and not), reports signed, and report_ready seen again.</summary>
public sealed class SignalMetrics
{
    private readonly Counter<long> _recorded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _signed;
    private readonly Counter<long> _duplicateSignatures;

    public SignalMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PlatformMeters.Signals);
        _recorded = meter.CreateCounter<long>("platform.signals.recorded", "{signal}", "Signals numbered and stored by the users' signal logs");
        _failed = meter.CreateCounter<long>("platform.signals.record_failures", "{signal}", "Signals raised inside the cluster that could not be recorded");
        _signed = meter.CreateCounter<long>("platform.reports.signed", "{report}", "Reports signed");
        _duplicateSignatures = meter.CreateCounter<long>("platform.reports.duplicate_signatures", "{signal}", "Signatures refused because the report was signed already");
    }

    public void Recorded(int count, int durable)
    {
        _recorded.Add(durable, new KeyValuePair<string, object?>("durable", true));
        _recorded.Add(count - durable, new KeyValuePair<string, object?>("durable", false));
    }

    public void Failed(int count) => _failed.Add(count);

    public void ReportSigned() => _signed.Add(1);

    public void DuplicateSignature() => _duplicateSignatures.Add(1);
}
