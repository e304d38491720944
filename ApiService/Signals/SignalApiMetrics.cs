using System.Diagnostics.Metrics;
using Platform.ServiceDefaults;

namespace Platform.ApiService.Signals;

/// <summary>What the API does with signals: dropped on overflow, failed handlers, event streams cut for slow readers.</summary>
public sealed class SignalApiMetrics
{
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _handlerFailures;
    private readonly Counter<long> _slowStreams;

    public SignalApiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PlatformMeters.Signals);
        _dropped = meter.CreateCounter<long>("platform.signals.dropped", "{signal}", "Lifecycle signals dropped: the outbox was full or the cluster did not take them");
        _handlerFailures = meter.CreateCounter<long>("platform.signals.handler_failures", "{failure}", "In-process signal handlers that threw");
        _slowStreams = meter.CreateCounter<long>("platform.signals.slow_streams_closed", "{stream}", "Event streams closed because the client read too slowly");
    }

    public void Dropped(int count) => _dropped.Add(count);

    public void HandlerFailed(string name) => _handlerFailures.Add(1, new KeyValuePair<string, object?>("signal", name));

    public void SlowStreamClosed() => _slowStreams.Add(1);
}
