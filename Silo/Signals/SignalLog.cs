using Orleans.Storage;
using Orleans.Streams;
using Platform.Contracts;
using Platform.Contracts.Signals;
using Platform.Silo.Storage;

namespace Platform.Silo.Signals;

/// <summary>
/// One user's signal log, kept by the user's session grain (<see cref="Sessions.SessionGrain"/>), which answers
/// <see cref="ISignalLogGrain"/> by this: one activation per user instead of two, since an activation costs about
/// 2.3 KB of Orleans' own memory and a call between two grains of the same user cost a message (docs/benchmarks.md).
/// Calls run one at a time (the grain is not reentrant), so numbers only grow and stored order is sequence order.
/// A call with durable signals stores the log before publishing them on the durable stream (a 2xx for a custom
/// signal means it is stored and queued); lifecycle and other platform signals stay in memory and reach storage
/// with the next durable write, the first read that shows them, or when the grain deactivates, since storing the
/// whole log for every request was the silo's largest cost under load. Every signal goes on the live stream while
/// an event stream watches it; what a watcher missed there, it reads from the log.
/// </summary>
public sealed partial class SignalLog(
    IPersistentState<SignalLogState> log,
    string user,
    IGrainBase grain,
    SignalPolicyOptions options,
    SignalMetrics metrics,
    TimeProvider time,
    ILogger<SignalLog> logger)
{
    private IAsyncStream<SignalBatch>? _durable;
    private IAsyncStream<SignalBatch>? _live;

    // Taken when first used: each activation that holds a stream keeps a stream directory of its own (about 700 bytes),
    // and most logs only ever take lifecycle signals that nobody watches.
    private IAsyncStream<SignalBatch> Durable =>
        _durable ??= grain.GetStreamProvider(SignalStreams.DurableProvider).GetStream<SignalBatch>(SignalStreams.Durable(user));

    private IAsyncStream<SignalBatch> Live =>
        _live ??= grain.GetStreamProvider(SignalStreams.LiveProvider).GetStream<SignalBatch>(SignalStreams.Live(user));

    /// <summary>Until when an event stream watches this user's live stream (in memory: a new activation waits for the next renewal).</summary>
    private DateTimeOffset _watchedUntil;

    /// <summary>The highest number handed out, stored or not; numbering continues from here.</summary>
    private long _numberedThrough;

    /// <summary>
    /// Numbers are reserved in storage this many at a time, so a log whose silo died with signals only in
    /// memory continues above any number it may have handed out, and a watcher's Last-Event-ID stays unique.
    /// </summary>
    private const long NumberBlock = 1024;

    /// <summary>
    /// The kept lifecycle signals. In memory <see cref="SignalLogState.Recent"/> holds only the other kinds; what is
    /// stored and read holds both (<see cref="WithLifecycle"/>).
    /// </summary>
    private LifecycleRing? _lifecycle;

    private SignalLogState State => log.State;

    /// <summary>The sequence of the user's newest signal (0: none yet).</summary>
    private long Last => Math.Max(State.Recent.Count > 0 ? State.Recent[^1].Sequence : 0, _lifecycle?.LastSequence ?? 0);

    /// <summary>The sequence of the newest durable signal, the <c>Previous</c> of the next durable batch.</summary>
    private long LastDurable => State.RecentDurable.Count > 0 ? State.RecentDurable[^1].Sequence : 0;

    /// <summary>The name of the log's state in the session grain, as it was in the log's own grain.</summary>
    public const string StateName = "signals";

    /// <summary>The grain type the log had while it was a grain of its own: logs stored by earlier versions are under it.</summary>
    private static readonly GrainType FormerGrainType = GrainType.Create("signallog");

    /// <summary>
    /// Moves a log stored by an earlier version, under its former grain, into this grain's storage, so numbering goes on
    /// above what watchers saw. Written here before it is removed there: a failure in between leaves a copy, not a loss.
    /// </summary>
    public async Task MoveFormer(IGrainStorage storage)
    {
        if (log.RecordExists) return;
        var former = new GrainState<SignalLogState>();
        var formerId = GrainId.Create(FormerGrainType, IdSpan.Create(user));
        await storage.ReadStateAsync(StateName, formerId, former);
        if (!former.RecordExists) return;
        log.State = former.State ?? new SignalLogState();
        await log.WriteStateAsync();
        await storage.ClearStateAsync(StateName, formerId, former);
    }

    public async Task OnActivateAsync()
    {
        if (State.Recent.Exists(IsLifecycle))
        {
            foreach (var signal in State.Recent.Where(IsLifecycle)) Keep(signal);
            log.State = State with { Recent = State.Recent.FindAll(signal => !IsLifecycle(signal)) };
        }

        _numberedThrough = Math.Max(Last, State.ReservedThrough);
        if (State.PublishedDurable < LastDurable)
        {
            // Stored but perhaps never queued (the silo stopped in between): queue again; subscribers drop what they saw.
            var unpublished = State.RecentDurable.Where(s => s.Sequence > State.PublishedDurable).ToList();
            try
            {
                if (unpublished.Count > 0)
                {
                    await Durable.OnNextAsync(new SignalBatch(State.PublishedDurable, unpublished));
                }

                State.PublishedDurable = LastDurable;
            }
            catch (Exception exception)
            {
                // The next durable batch names what came before it, so subscribers still read these from the log.
                LogRepublishFailed(logger, exception, unpublished.Count, user);
            }
        }
    }

    public async ValueTask<IReadOnlyList<Signal>> Raise(IReadOnlyList<SignalDraft> drafts) => await Add(drafts, handedOut: true);

    public Task Append(IReadOnlyList<SignalDraft> drafts) => Add(drafts, handedOut: false);

    /// <summary>Numbers, keeps and publishes the signals; <paramref name="handedOut"/>: the caller gets their numbers.</summary>
    private async Task<IReadOnlyList<Signal>> Add(IReadOnlyList<SignalDraft> drafts, bool handedOut)
    {
        if (drafts.Count == 0 || drafts.Any(draft => draft.User != user))
        {
            throw new ArgumentException($"Signals for the log of '{user}' must be that user's.", nameof(drafts));
        }

        var signals = new List<Signal>(drafts.Count);
        foreach (var draft in drafts)
        {
            // Signals kept as objects share the strings they have in common with the signals just before them (a platform
            // name, a request's ids): a log holds up to Retention of them for every active user, and each copy of a
            // 32-character id costs 86 bytes. Lifecycle signals are kept as bytes (LifecycleRing): nothing to share.
            var name = SignalNames.Reserved.TryGetValue(draft.Name, out var reserved) ? reserved : draft.Name;
            var kept = !SignalNames.Lifecycle.Contains(name);
            signals.Add(new Signal(UniqueIds.Next(), _numberedThrough + 1 + signals.Count, name, user,
                kept ? Shared(draft.Data, signals, static signal => signal.Data) : draft.Data,
                kept ? Shared(draft.RequestId, signals, static signal => signal.RequestId) : draft.RequestId,
                kept ? Shared(draft.TraceId, signals, static signal => signal.TraceId) : draft.TraceId, draft.Timestamp, draft.Durable));
        }

        var durable = signals.Where(signal => signal.Durable).ToList();
        var previousDurable = LastDurable;
        var watched = time.GetUtcNow() < _watchedUntil;
        await Store(signals, durable, seen: handedOut || watched);

        if (durable.Count > 0)
        {
            await Durable.OnNextAsync(new SignalBatch(previousDurable, durable));
            State.PublishedDurable = LastDurable;
        }

        try
        {
            if (watched)
            {
                await Live.OnNextAsync(new SignalBatch(signals[0].Sequence - 1, signals));
            }
        }
        catch (Exception exception)
        {
            // Stored already: live watchers read what they missed from the log with the next batch.
            LogLivePublishFailed(logger, exception, user);
        }

        metrics.Recorded(signals.Count, durable.Count);
        return signals;
    }

    public async Task Record(IReadOnlyList<SignalDraft> drafts)
    {
        try
        {
            await Add(drafts, handedOut: false);
        }
        catch (Exception exception)
        {
            // Nobody waits for a one-way call: this log line and the metric are all that is left of the failure.
            metrics.Failed(drafts.Count);
            LogRecordFailed(logger, exception, drafts.Count, user);
        }
    }

    public ValueTask Watch(TimeSpan lease)
    {
        var until = time.GetUtcNow() + lease;
        if (until > _watchedUntil) _watchedUntil = until;
        return ValueTask.CompletedTask;
    }

    public async ValueTask<SignalPage> Read(long after, int max, bool durableOnly)
    {
        // The reader sees numbers: reserved in storage first, so a log whose silo dies never hands them out again.
        await Reserve();
        var kept = durableOnly ? State.RecentDurable : WithLifecycle(State.Recent, []);
        var signals = kept.Where(signal => signal.Sequence > after).Take(Math.Max(0, max)).ToList();
        var first = kept.Count > 0 ? kept[0].Sequence : Last + 1;
        return new SignalPage(signals, first, Last);
    }

    /// <summary>Stores a reservation past every number handed out, unless storage already has one.</summary>
    private async Task Reserve()
    {
        if (_numberedThrough > State.ReservedThrough)
        {
            await Write(State with { ReservedThrough = _numberedThrough + NumberBlock }, []);
        }
    }

    /// <summary>
    /// Appends; stores when a signal is durable, or when someone will see numbers past the reserved block
    /// (<paramref name="seen"/>: the caller or a live watcher). Numbers nobody saw need no reservation: a log whose silo
    /// died may hand them out again, and the memory-only signals that had them died with it. On a storage failure
    /// the log is as it was, so no number was taken.
    /// </summary>
    private async Task Store(List<Signal> signals, List<Signal> durable, bool seen)
    {
        var last = signals[^1].Sequence;
        var lifecycle = signals.FindAll(IsLifecycle);
        var others = lifecycle.Count == signals.Count ? [] : signals.FindAll(signal => !IsLifecycle(signal));
        // A batch of lifecycle signals alone (one a request) leaves the state as it is: nothing new for the collector to trace.
        var next = others.Count == 0 ? State : State with
        {
            Recent = Appended(State.Recent, others, options.Retention),
            RecentDurable = durable.Count > 0 ? Appended(State.RecentDurable, durable, options.DurableRetention) : State.RecentDurable,
        };
        if (durable.Count > 0 || (seen && last > State.ReservedThrough))
        {
            await Write(next with { ReservedThrough = Math.Max(State.ReservedThrough, last + NumberBlock) }, lifecycle);
        }
        else
        {
            log.State = next;
        }

        foreach (var signal in lifecycle) Keep(signal);
        _numberedThrough = last;
    }

    private void Keep(Signal lifecycle) => (_lifecycle ??= new LifecycleRing(options.LifecycleRetention)).Add(lifecycle);

    /// <summary>
    /// Stores <paramref name="next"/> with the kept lifecycle signals and <paramref name="adding"/>; memory keeps
    /// <paramref name="next"/>. On a failure the state is as it was.
    /// </summary>
    private async Task Write(SignalLogState next, List<Signal> adding)
    {
        await log.WriteOrRollBack(next with { Recent = WithLifecycle(next.Recent, adding) });
        log.State = next;
    }

    /// <summary>
    /// <paramref name="recent"/> (the other kinds) with the kept lifecycle signals and <paramref name="adding"/>, in sequence
    /// order, at most <see cref="SignalPolicyOptions.Retention"/>: the list as stored and read.
    /// </summary>
    private List<Signal> WithLifecycle(List<Signal> recent, List<Signal> adding)
    {
        var lifecycle = new List<Signal>();
        _lifecycle?.CopyTo(lifecycle, user);
        lifecycle.AddRange(adding);
        if (lifecycle.Count == 0) return recent;
        if (lifecycle.Count > options.LifecycleRetention) lifecycle.RemoveRange(0, lifecycle.Count - options.LifecycleRetention);
        var all = new List<Signal>(recent.Count + lifecycle.Count);
        all.AddRange(recent);
        all.AddRange(lifecycle);
        all.Sort(static (left, right) => left.Sequence.CompareTo(right.Sequence));
        if (all.Count > options.Retention) all.RemoveRange(0, all.Count - options.Retention);
        return all;
    }

    /// <summary>
    /// Stores what only memory holds and sets the reservation to the last number, so the next activation numbers on
    /// without a gap.
    /// </summary>
    public async Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        if (State.ReservedThrough != _numberedThrough)
        {
            log.State = State with { Recent = WithLifecycle(State.Recent, []), ReservedThrough = _numberedThrough };
            try
            {
                await log.WriteStateAsync(cancellationToken);
            }
            catch (Orleans.Storage.InconsistentStateException)
            {
                // While a silo stops, the log may already be active on a silo that took over and has stored since.
                // It numbers above this activation's reservation, so numbers stay unique; what only this one's memory
                // held (lifecycle signals, never durable ones) is not in the log.
            }
        }
    }

    /// <summary>
    /// A new list (the stored one is left as it was until storage took the change): the kept signals, then the new, at most
    /// <paramref name="retention"/>, the oldest dropped first.
    /// </summary>
    private static List<Signal> Appended(List<Signal> kept, List<Signal> added, int retention)
    {
        var list = new List<Signal>(kept.Count + added.Count);
        list.AddRange(kept);
        list.AddRange(added);
        if (list.Count > retention)
        {
            list.RemoveRange(0, list.Count - retention);
        }

        return list;
    }

    /// <summary>How far back a new signal looks for strings it can share: a request's signals are a few apart.</summary>
    private const int ShareLookBack = 8;

    /// <summary><paramref name="value"/>, or the equal string of one of the last signals (this batch's, then the kept ones).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    private string? Shared(string? value, List<Signal> batch, Func<Signal, string?> field)
    {
        if (value is null) return null;
        var kept = State.Recent;
        for (var back = 1; back <= ShareLookBack; back++)
        {
            var index = batch.Count - back;
            var signal = index >= 0 ? batch[index] : kept.Count + index >= 0 ? kept[kept.Count + index] : null;
            if (signal is null) break;
            if (field(signal) is { } candidate && candidate == value) return candidate;
        }

        return value;
    }

    private static bool IsLifecycle(Signal signal) => SignalNames.Lifecycle.Contains(signal.Name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} stored signal(s) of {User} could not be queued again on activation.")]
    private static partial void LogRepublishFailed(ILogger logger, Exception exception, int count, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signals of {User} were stored but not published on the live stream.")]
    private static partial void LogLivePublishFailed(ILogger logger, Exception exception, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} signal(s) raised in the cluster for {User} could not be recorded.")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, int count, string user);
}
