using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Platform.Contracts;
using Platform.Contracts.Sessions;
using Platform.Contracts.Signals;
using Platform.Contracts.Storage;
using Platform.Silo.Signals;
using Platform.Silo.Storage;

namespace Platform.Silo.Sessions;

/// <summary>
/// Holds one user's session in memory and writes every change through to grain storage before
/// answering, so an acknowledged write survives the silo. Calls take turns (<see cref="InTurn{T}"/>), so
/// changes never interleave; changes that arrive while a write is under way are stored together in the next
/// one (group commit), so one user's writes wait for one store round trip, not for each other's.
/// Every call first checks expiry; for sessions that no request touches again, the user's expiry partition (<see cref="SessionExpiryGrain"/>) calls <see cref="ExpireIfDue"/>
/// when they are due, so no session has a reminder or timer of its own. It also keeps the user's signal
/// log (<see cref="SignalLog"/>, the same user's key), so a user costs one activation, not two.
/// </summary>
// Placed on the silo that first receives the user's request: co-hosted, that silo serves the user's next requests too.
[Orleans.Placement.PreferLocalPlacement]
// Reentrant only so that changes can queue while a write is under way: every call still takes its turn.
[Orleans.Concurrency.Reentrant]
public sealed class SessionGrain(
    [PersistentState("session", SessionStorage.ProviderName)] IPersistentState<SessionState> session,
    IOptions<SessionPolicyOptions> options,
    TimeProvider time,
    SessionMetrics metrics,
    SessionMembership membership,
    [PersistentState(SignalLog.StateName, SignalStorage.ProviderName)] IPersistentState<SignalLogState> signals,
    IOptions<SignalPolicyOptions> signalOptions,
    SignalMetrics signalMetrics,
    ILogger<SignalLog> signalLogger)
    : Grain, ISessionGrain, IExpirableSessionGrain, ISignalLogGrain, IRemindable
{
    private readonly SessionPolicyOptions _options = options.Value;

    private SignalLog? _log;

    /// <summary>One call at a time, as Orleans runs a grain that is not reentrant; held across a call's awaits.</summary>
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Changes waiting for a turn, in arrival order; the first of them to get one stores them all.</summary>
    private List<PendingChange>? _pending;

    private SignalLog Log => _log ??= new SignalLog(signals, User, this, signalOptions.Value, signalMetrics, time, signalLogger);

    /// <summary>An expiry that no caller has been told about yet.</summary>
    private SessionExpiry? _untoldExpiry;

    /// <summary>When storage last heard of an access; reads refresh it only now and then, to keep reads off storage.</summary>
    private DateTimeOffset? _lastStoredAccess;

    /// <summary>The due time the expiry partition last heard of from this activation.</summary>
    private DateTimeOffset? _toldDue;

    /// <summary>The membership version at which this activation last read its session from storage.</summary>
    private MembershipVersion _loadedAt;

    private SessionState State => session.State;

    private SessionTag Tag => new(State.Created?.ToUnixTimeMilliseconds() ?? 0, State.Version);

    private string User => this.GetPrimaryKeyString();

    /// <summary>When and why the session ends unless used before (whichever limit comes first); null while it holds nothing.</summary>
    private SessionExpiry? End
    {
        get
        {
            if (State.Created is not { } created) return null;
            var absolute = created + _options.AbsoluteLifetime;
            var idle = (State.LastAccessed ?? created) + _options.IdleTimeout;
            return absolute <= idle ? new(SessionExpiryReason.Absolute, absolute) : new(SessionExpiryReason.Idle, idle);
        }
    }

    private DateTimeOffset? Due => End?.At;

    /// <summary>
    /// Tells the partition again: what it was told before this silo lost the session may not have
    /// reached its storage. Not when due: the call that activated the session expires it.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        metrics.Activated();
        _loadedAt = membership.Current.Version;
        if (session.RecordExists && !State.SignalLogMoved)
        {
            await Log.MoveFormer(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SignalStorage.ProviderName));
            State.SignalLogMoved = true;
        }

        await Log.OnActivateAsync();
        if (Due is { } due && due > time.GetUtcNow())
        {
            await TellDue(due);
        }
    }

    public ValueTask<SessionSnapshot> GetAll() => InTurn(async () =>
    {
        var expired = await Use();
        metrics.Read();
        // Safe to hand out: every change builds a new dictionary (see Apply), none edits the current one.
        return new SessionSnapshot(Tag, State.Values, expired);
    });

    public ValueTask<SessionValue> Get(string key) => InTurn(async () =>
    {
        var expired = await Use();
        metrics.Read();
        return new SessionValue(Tag, State.Values.GetValueOrDefault(key), expired);
    });

    public ValueTask<SessionChange> Set(string key, byte[] utf8Json, SessionTag? ifMatch) =>
        Change("set", key, ifMatch, values =>
        {
            if (values.TryGetValue(key, out var current) && current.AsSpan().SequenceEqual(utf8Json)) return (SessionOutcome.Unchanged, current);
            values[key] = utf8Json;
            return (SessionOutcome.Applied, utf8Json);
        });

    public ValueTask<SessionChange> Remove(string key, SessionTag? ifMatch) =>
        Change("remove", key, ifMatch, values => values.Remove(key) ? (SessionOutcome.Applied, null) : (SessionOutcome.NotFound, null));

    public ValueTask<SessionChange> Clear(SessionTag? ifMatch) =>
        Change("clear", null, ifMatch, values =>
        {
            if (values.Count == 0) return (SessionOutcome.Unchanged, null);
            values.Clear();
            return (SessionOutcome.Applied, null);
        });

    public ValueTask<SessionChange> Increment(string key, long by) =>
        Change("increment", key, ifMatch: null, values =>
        {
            var current = 0L;
            if (values.TryGetValue(key, out var json)
                && (JsonNode.Parse(json) is not JsonValue number || !number.TryGetValue(out current)))
            {
                return (SessionOutcome.NotAnInteger, json);
            }

            long next;
            try
            {
                next = checked(current + by);
            }
            catch (OverflowException)
            {
                return (SessionOutcome.NotAnInteger, json);
            }

            var result = Encoding.UTF8.GetBytes(next.ToString(System.Globalization.CultureInfo.InvariantCulture));
            values[key] = result;
            return (SessionOutcome.Applied, result);
        });

    public ValueTask<SessionChange> CompareAndSet(string key, byte[]? expected, byte[] utf8Json) =>
        Change("compare-and-set", key, ifMatch: null, values =>
        {
            var current = values.GetValueOrDefault(key);
            if (expected is null ? current is not null : current is null || !JsonEquals(current, expected))
            {
                return (SessionOutcome.ValueMismatch, current);
            }

            values[key] = utf8Json;
            return (SessionOutcome.Applied, utf8Json);
        });

    public ValueTask<SessionChange> MergePatch(byte[] utf8Patch, SessionTag? ifMatch) =>
        Change("merge-patch", null, ifMatch, values =>
        {
            if (JsonNode.Parse(utf8Patch) is not JsonObject patch) return (SessionOutcome.InvalidPatch, null);
            foreach (var (key, member) in patch)
            {
                var merged = JsonMergePatch.Apply(values.TryGetValue(key, out var json) ? JsonNode.Parse(json) : null, member);
                if (merged is null) values.Remove(key);
                else values[key] = JsonSerializer.SerializeToUtf8Bytes(merged, SessionJson.Compact);
            }

            return (SessionOutcome.Applied, null);
        });

    public ValueTask<DateTimeOffset?> ExpireIfDue() => InTurn(async () =>
    {
        await Reconcile();
        await CheckExpiry();
        return _toldDue = Due;
    });

    /// <summary>Sessions stored by earlier versions had a reminder of their own; its first tick now removes it.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status) => InTurn(async () =>
    {
        if (await this.GetReminder(reminderName) is { } earlier)
        {
            await this.UnregisterReminder(earlier);
        }
    });

    /// <summary>
    /// Keeps the last use that only memory knows of, so a reloaded session does not look idle too early,
    /// and tells the partition how far use slid the due time, so it does not load the session to ask.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Deactivated();
        try
        {
            if (State.Created is not null && State.LastAccessed > _lastStoredAccess)
            {
                try
                {
                    await session.WriteStateAsync(cancellationToken);
                }
                catch (Orleans.Storage.InconsistentStateException)
                {
                    // While a silo stops, the session may already be active on a silo that took over and has stored
                    // since: storage is newer than this activation, whose only unstored part is an older access time.
                }
            }

            // Not when the silo shuts down, nor when no silo is active to take the partition (the whole cluster stopping,
            // where Orleans logs the failed placement as an error): a later check hears the slid time anyway.
            if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown && Due is { } due && due != _toldDue
                && membership.Current.SiloActive)
            {
                await TellDue(due);
            }
        }
        finally
        {
            // The log stores what only memory held, whatever became of the session's own write.
            await Log.OnDeactivateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Queues the change and waits for a turn; unless another call's turn has stored it already, this turn stores
    /// every change waiting. The answer is given only once the change is stored (or refused).
    /// </summary>
    private async ValueTask<SessionChange> Change(string operation, string? key, SessionTag? ifMatch,
        Func<Dictionary<string, byte[]>, (SessionOutcome, byte[]?)> apply)
    {
        var change = new PendingChange(operation, key, ifMatch, apply);
        (_pending ??= []).Add(change);
        await _turn.WaitAsync();
        try
        {
            if (!change.Done)
            {
                await StorePending();
            }
        }
        finally
        {
            _turn.Release();
        }

        change.Failure?.Throw();
        return change.Answer!;
    }

    /// <summary>Stores every change waiting in one write; a failure is every one of their failure, and changes nothing.</summary>
    private async Task StorePending()
    {
        // This call's change is in it. Null after, not a new list: a session holds no list between its changes.
        var batch = _pending!;
        _pending = null;
        try
        {
            await Apply(batch, await Use());
        }
        catch (Exception exception)
        {
            var failure = ExceptionDispatchInfo.Capture(exception);
            foreach (var change in batch)
            {
                change.Failure = failure;
            }
        }
    }

    /// <summary>
    /// Applies the changes in arrival order, each to a copy of what the one before left, so a change that is refused or
    /// too large leaves the session as it was; then stores the result once. A version conflict reloads the session and
    /// applies them once more. Answers are read only once the turn ends, and a failure (set by the caller) overrides them.
    /// </summary>
    private async Task Apply(List<PendingChange> batch, SessionExpiry? expired, bool reloaded = false)
    {
        var now = time.GetUtcNow();
        var (created, version, values) = (State.Created, State.Version, State.Values);
        var applied = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var change = batch[i];
            // An expiry is told once, to the first change that sees it.
            var told = i == 0 ? expired : null;
            var tag = new SessionTag(created?.ToUnixTimeMilliseconds() ?? 0, version);
            if (change.IfMatch is { } expectedTag && expectedTag != tag)
            {
                change.Answer = new SessionChange(SessionOutcome.VersionMismatch, tag, null, told);
                continue;
            }

            var next = new Dictionary<string, byte[]>(values, StringComparer.Ordinal);
            var (outcome, value) = change.Apply(next);
            if (outcome == SessionOutcome.Applied)
            {
                outcome = CheckLimits(next);
            }

            if (outcome != SessionOutcome.Applied)
            {
                change.Answer = new SessionChange(outcome, tag, value, told);
                continue;
            }

            (created, version, values) = (created ?? now, version + 1, next);
            change.Answer = new SessionChange(SessionOutcome.Applied, new SessionTag(created.Value.ToUnixTimeMilliseconds(), version), value, told);
            applied.Add(i);
        }

        var started = State.Created is null && applied.Count > 0;
        if (applied.Count > 0)
        {
            try
            {
                await session.WriteOrRollBack(State with
                {
                    Values = values, Version = version, Created = created, LastAccessed = now, SignalLogMoved = true,
                });
            }
            catch (Orleans.Storage.InconsistentStateException) when (!reloaded)
            {
                // Storage has a newer version: an activation of this session on a silo that was stopping stored after
                // this one loaded. The changes apply, If-Match included, to what storage holds.
                await Reload();
                await Apply(batch, expired, reloaded: true);
                return;
            }

            _lastStoredAccess = now;
            metrics.Wrote(applied.Count);
        }

        if (started)
        {
            await TellDue(Due!.Value);
        }

        if (applied.Count > 0)
        {
            await Log.Record([.. applied.Select(i => Draft(SignalNames.SessionChanged,
                new { key = batch[i].Key, operation = batch[i].Operation, version = batch[i].Answer!.Tag.Version }))]);
        }
    }

    /// <summary>Refuses a change whose stored document would exceed the limit, counted as storage writes it: no store cuts it short.</summary>
    private SessionOutcome CheckLimits(Dictionary<string, byte[]> values)
    {
        var stored = (long)SessionJson.EnvelopeBytes;
        foreach (var (key, json) in values)
        {
            if (json.Length > _options.MaxValueBytes) return SessionOutcome.ValueTooLarge;
            stored += SessionJson.StoredMemberBytes(key, json);
        }

        return stored > _options.MaxSessionBytes ? SessionOutcome.SessionTooLarge : SessionOutcome.Applied;
    }

    /// <summary>Expires the session if it is due, then records this use. Returns an expiry the caller has not been told of.</summary>
    private async ValueTask<SessionExpiry?> Use()
    {
        await Reconcile();
        await CheckExpiry();
        var untold = _untoldExpiry;
        _untoldExpiry = null;
        if (State.Created is null)
        {
            return untold;
        }

        var now = time.GetUtcNow();
        _lastStoredAccess ??= State.LastAccessed ?? State.Created;
        State.LastAccessed = now;
        if (now - _lastStoredAccess >= _options.IdleTimeout / 4)
        {
            // A session that is only read must not look idle to a silo that loads it from storage later.
            try
            {
                await session.WriteStateAsync();
            }
            catch (Exception exception) when (StorageUnavailableException.IsCauseOf(exception))
            {
                // Reads go on from memory while storage is down; the next try is a quarter of the idle timeout away, not on every read.
            }

            _lastStoredAccess = now;
        }

        return untold;
    }

    /// <summary>
    /// While a silo stops, Orleans' default grain directory may start the user's grain on another silo before the
    /// stopping silo's activation has answered its last call, and each would answer from what it loaded. Storage has
    /// every acknowledged write: while any silo stops, and once after, a call first reloads the session from it.
    /// </summary>
    private async ValueTask Reconcile()
    {
        var facts = membership.Current;
        if (!facts.SiloStopping && facts.StopSeen <= _loadedAt) return;
        try
        {
            await Reload();
            _loadedAt = facts.Version;
        }
        catch (Exception exception) when (StorageUnavailableException.IsCauseOf(exception))
        {
            // Memory is all there is while storage is down; the next call tries again.
        }
    }

    /// <summary>Reads the session from storage; a use that only memory knew of still counts, in the same incarnation.</summary>
    private async Task Reload()
    {
        var (created, accessed) = (State.Created, State.LastAccessed);
        await session.ReadStateAsync();
        _lastStoredAccess = State.LastAccessed;
        if (State.Created == created && accessed > State.LastAccessed)
        {
            State.LastAccessed = accessed;
        }
    }

    private async ValueTask<SessionExpiry?> CheckExpiry()
    {
        if (End is not { } expiry || time.GetUtcNow() < expiry.At)
        {
            return null;
        }

        // Gone from storage, not only from memory; the next write starts a new incarnation.
        await session.ClearStateAsync();
        session.State = new SessionState();
        _lastStoredAccess = null;
        _untoldExpiry = expiry;
        await Log.Record([Draft(SignalNames.SessionExpired, new { reason = expiry.Reason == SessionExpiryReason.Idle ? "idle" : "absolute", at = expiry.At })]);
        return expiry;
    }

    /// <summary>Tells the user's expiry partition when to check this session (one-way: nobody waits for it).</summary>
    private Task TellDue(DateTimeOffset due)
    {
        _toldDue = due;
        return GrainFactory.ByKey<ISessionExpiryGrain>(SessionExpiryPartitions.Of(User)).Track(User, due);
    }

    /// <summary>A platform signal for the user's log, which this grain keeps (<see cref="SignalLog.Record"/>: a failure is logged, not thrown).</summary>
    private SignalDraft Draft<T>(string name, T data) =>
        SignalContext.Draft(name, User, JsonSerializer.Serialize(data, SessionJson.Compact), time.GetUtcNow());

    public ValueTask<IReadOnlyList<Signal>> Raise(IReadOnlyList<SignalDraft> drafts) => InTurn(() => Log.Raise(drafts));

    public Task Append(IReadOnlyList<SignalDraft> drafts) => InTurn(() => Log.Append(drafts));

    public Task Record(IReadOnlyList<SignalDraft> drafts) => InTurn(() => Log.Record(drafts));

    public ValueTask Watch(TimeSpan lease) => Log.Watch(lease);

    public ValueTask<SignalPage> Read(long after, int max, bool durableOnly) => InTurn(() => Log.Read(after, max, durableOnly));

    /// <summary>Runs a call in its turn: it starts once every call before it has finished, whatever it awaits.</summary>
    private async ValueTask<T> InTurn<T>(Func<ValueTask<T>> call)
    {
        await _turn.WaitAsync();
        try
        {
            return await call();
        }
        finally
        {
            _turn.Release();
        }
    }

    private Task InTurn(Func<Task> call) => InTurn(async () =>
    {
        await call();
        return 0;
    }).AsTask();

    /// <summary>A change waiting to be applied and stored, and then its answer or failure.</summary>
    private sealed class PendingChange(string operation, string? key, SessionTag? ifMatch,
        Func<Dictionary<string, byte[]>, (SessionOutcome, byte[]?)> apply)
    {
        public string Operation => operation;

        public string? Key => key;

        public SessionTag? IfMatch => ifMatch;

        public Func<Dictionary<string, byte[]>, (SessionOutcome, byte[]?)> Apply => apply;

        public SessionChange? Answer { get; set; }

        public ExceptionDispatchInfo? Failure { get; set; }

        public bool Done => Answer is not null || Failure is not null;
    }

    private static bool JsonEquals(byte[] left, byte[] right) =>
        left.AsSpan().SequenceEqual(right) || JsonNode.DeepEquals(JsonNode.Parse(left), JsonNode.Parse(right));
}
