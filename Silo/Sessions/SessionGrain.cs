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
/// answering, so an acknowledged write survives the silo. Orleans runs one call at a time per grain,
/// so changes never interleave. Every call first checks expiry; for sessions that no request touches
/// again, the user's expiry partition (<see cref="SessionExpiryGrain"/>) calls <see cref="ExpireIfDue"/>
/// when they are due, so no session has a reminder or timer of its own. It also keeps the user's signal
/// log (<see cref="SignalLog"/>, the same user's key), so a user costs one activation, not two.
/// </summary>
// Placed on the silo that first receives the user's request: co-hosted, that silo serves the user's next requests too.
[Orleans.Placement.PreferLocalPlacement]
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

    private SignalLog Log => _log ??= new SignalLog(signals, User, this.GetStreamProvider, signalOptions.Value, signalMetrics, time, signalLogger);

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

    public async ValueTask<SessionSnapshot> GetAll()
    {
        var expired = await Use();
        metrics.Read();
        // Safe to hand out: every change builds a new dictionary (see Change), none edits the current one.
        return new SessionSnapshot(Tag, State.Values, expired);
    }

    public async ValueTask<SessionValue> Get(string key)
    {
        var expired = await Use();
        metrics.Read();
        return new SessionValue(Tag, State.Values.GetValueOrDefault(key), expired);
    }

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

    public async ValueTask<DateTimeOffset?> ExpireIfDue()
    {
        await Reconcile();
        await CheckExpiry();
        return _toldDue = Due;
    }

    /// <summary>Sessions stored by earlier versions had a reminder of their own; its first tick now removes it.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await this.GetReminder(reminderName) is { } earlier)
        {
            await this.UnregisterReminder(earlier);
        }
    }

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
    /// Runs one change against a copy of the values, so a change that is refused, too large or not
    /// stored leaves the session exactly as it was. A version conflict reloads the session and runs it once more.
    /// </summary>
    private async ValueTask<SessionChange> Change(string operation, string? key, SessionTag? ifMatch,
        Func<Dictionary<string, byte[]>, (SessionOutcome, byte[]?)> change, bool reloaded = false)
    {
        var expired = await Use();
        if (ifMatch is { } expectedTag && expectedTag != Tag)
        {
            return new SessionChange(SessionOutcome.VersionMismatch, Tag, null, expired);
        }

        var values = new Dictionary<string, byte[]>(State.Values, StringComparer.Ordinal);
        var (outcome, value) = change(values);
        if (outcome == SessionOutcome.Applied)
        {
            outcome = CheckLimits(values);
        }

        if (outcome != SessionOutcome.Applied)
        {
            return new SessionChange(outcome, Tag, value, expired);
        }

        var now = time.GetUtcNow();
        var created = State.Created is null;
        try
        {
            await session.WriteOrRollBack(State with
            {
                Values = values, Version = State.Version + 1, Created = State.Created ?? now, LastAccessed = now, SignalLogMoved = true,
            });
        }
        catch (Orleans.Storage.InconsistentStateException) when (!reloaded)
        {
            // Storage has a newer version: an activation of this session on a silo that was stopping stored after
            // this one loaded. The change applies, If-Match included, to what storage holds.
            await Reload();
            return await Change(operation, key, ifMatch, change, reloaded: true);
        }

        _lastStoredAccess = now;
        metrics.Wrote();
        if (created)
        {
            await TellDue(Due!.Value);
        }

        await Signal(SignalNames.SessionChanged, new { key, operation, version = State.Version });
        return new SessionChange(SessionOutcome.Applied, Tag, value, expired);
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
        await Signal(SignalNames.SessionExpired, new { reason = expiry.Reason == SessionExpiryReason.Idle ? "idle" : "absolute", at = expiry.At });
        return expiry;
    }

    /// <summary>Tells the user's expiry partition when to check this session (one-way: nobody waits for it).</summary>
    private Task TellDue(DateTimeOffset due)
    {
        _toldDue = due;
        return GrainFactory.ByKey<ISessionExpiryGrain>(SessionExpiryPartitions.Of(User)).Track(User, due);
    }

    /// <summary>Raises a platform signal on the user's log, which this grain keeps: no call, and a failure is logged, not thrown.</summary>
    private Task Signal<T>(string name, T data) =>
        Log.Record([SignalContext.Draft(name, User, JsonSerializer.Serialize(data, SessionJson.Compact), time.GetUtcNow())]);

    public ValueTask<IReadOnlyList<Signal>> Raise(IReadOnlyList<SignalDraft> drafts) => Log.Raise(drafts);

    public Task Append(IReadOnlyList<SignalDraft> drafts) => Log.Append(drafts);

    public Task Record(IReadOnlyList<SignalDraft> drafts) => Log.Record(drafts);

    public ValueTask Watch(TimeSpan lease) => Log.Watch(lease);

    public ValueTask<SignalPage> Read(long after, int max, bool durableOnly) => Log.Read(after, max, durableOnly);

    private static bool JsonEquals(byte[] left, byte[] right) =>
        left.AsSpan().SequenceEqual(right) || JsonNode.DeepEquals(JsonNode.Parse(left), JsonNode.Parse(right));
}
