using Platform.Contracts.Signals;

namespace Platform.Silo.Signals;

/// <summary>
/// One user's signal log as stored: the last signals, which also give the numbering so far (retention
/// never empties a list that had signals).
/// </summary>
[GenerateSerializer, Alias("Platform.Silo.Signals.SignalLogState")]
public sealed record SignalLogState
{
    /// <summary>Durable signals up to here were on the durable stream when this was stored; later ones are published again on activation.</summary>
    [Id(2)] public long PublishedDurable { get; set; }

    /// <summary>The last signals of every kind, oldest first, as stored; in memory the lifecycle ones are kept apart (<see cref="LifecycleRing"/>).</summary>
    [Id(3)] public List<Signal> Recent { get; set; } = [];

    /// <summary>The last durable signals, kept apart so that busy lifecycle traffic cannot push them out of reach of a subscriber catching up.</summary>
    [Id(4)] public List<Signal> RecentDurable { get; set; } = [];

    /// <summary>Numbers up to here may have been handed out (a block reserved ahead of use); a new activation numbers above it.</summary>
    [Id(5)] public long ReservedThrough { get; set; }
}
