using System.Diagnostics.Metrics;
using Platform.ServiceDefaults;

namespace Platform.Silo.Signals;

/// <summary>Signals recorded by the users' logs, and those that could not be.</summary>
public sealed class SignalMetrics
{
    private readonly Counter<long> _recorded;
    private readonly Counter<long> _failed;

    public SignalMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PlatformMeters.Signals);
        _recorded = meter.CreateCounter<long>("platform.signals.recorded", "{signal}", "Signals numbered and stored by the users' signal logs");
        _failed = meter.CreateCounter<long>("platform.signals.record_failures", "{signal}", "Signals raised inside the cluster that could not be recorded");
    }

    public void Recorded(int count, int durable)
    {
        _recorded.Add(durable, new KeyValuePair<string, object?>("durable", true));
        _recorded.Add(count - durable, new KeyValuePair<string, object?>("durable", false));
    }

    public void Failed(int count) => _failed.Add(count);
}
