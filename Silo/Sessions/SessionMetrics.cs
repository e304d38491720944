using System.Diagnostics.Metrics;
using Platform.ServiceDefaults;

namespace Platform.Silo.Sessions;

/// <summary>The platform's session meter: reads, writes, and sessions active in this silo's memory.</summary>
public sealed class SessionMetrics
{
    private readonly Counter<long> _reads;
    private readonly Counter<long> _writes;
    private readonly UpDownCounter<long> _active;

    public SessionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PlatformMeters.Sessions);
        _reads = meter.CreateCounter<long>("platform.sessions.reads", "{read}", "Session reads served from memory");
        _writes = meter.CreateCounter<long>("platform.sessions.writes", "{write}", "Session changes stored");
        _active = meter.CreateUpDownCounter<long>("platform.sessions.active", "{session}", "Users' session grains (each with the user's signal log) active in this silo's memory");
    }

    public void Read() => _reads.Add(1);

    public void Wrote(int changes) => _writes.Add(changes);

    public void Activated() => _active.Add(1);

    public void Deactivated() => _active.Add(-1);
}
