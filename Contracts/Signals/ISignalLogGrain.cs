using Orleans.Concurrency;

namespace Platform.Contracts.Signals;

/// <summary>
/// One user's signal log; the grain key is the user id. It numbers the user's signals without gaps,
/// stores the last ones, and publishes them on the user's streams (<see cref="SignalStreams"/>): durable
/// signals always, every signal on the live stream while someone watches it.
/// </summary>
[Alias("Platform.Contracts.Signals.ISignalLogGrain")]
public interface ISignalLogGrain : IGrainWithStringKey
{
    /// <summary>Numbers, stores and publishes the signals; answers once they are stored and on their streams.</summary>
    [Alias("Raise")]
    ValueTask<IReadOnlyList<Signal>> Raise(IReadOnlyList<SignalDraft> drafts);

    /// <summary>
    /// Numbers and keeps signals whose numbers the caller does not need (the API's lifecycle outbox); answers once the
    /// log has them, stored if any is durable. Lifecycle signals cost no storage write until someone can see them.
    /// </summary>
    [Alias("Append")]
    Task Append(IReadOnlyList<SignalDraft> drafts);

    /// <summary>Records signals raised by grains as they go (one-way: the caller does not wait for storage).</summary>
    [Alias("Record"), OneWay]
    Task Record(IReadOnlyList<SignalDraft> drafts);

    /// <summary>
    /// Says someone watches the live stream for the next <paramref name="lease"/>: the log publishes there
    /// only while watched, so users nobody watches cost no live stream. Watchers renew before it ends.
    /// </summary>
    [Alias("Watch")]
    ValueTask Watch(TimeSpan lease);

    /// <summary>Signals after a sequence number, oldest first, at most <paramref name="max"/>; only durable ones when asked.</summary>
    [Alias("Read")]
    ValueTask<SignalPage> Read(long after, int max, bool durableOnly);
}
