using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Placement;
using Orleans.Storage;
using Platform.Contracts;
using Platform.Contracts.Sessions;

namespace Platform.Silo.Sessions;

/// <summary>
/// One expiry partition: knows when each of its users' sessions is due and, when due, asks the session
/// to expire (<see cref="IExpirableSessionGrain.ExpireIfDue"/>), which loads a resting session, clears it
/// from storage and raises its signal. One reminder per partition brings it back after a restart; while
/// active, a timer sweeps every <see cref="SessionPolicyOptions.ExpiryCheckPeriod"/>.
/// </summary>
/// <remarks>
/// Due times are stored in bucket documents by the time they fall due, not in one document per
/// partition: a flush rewrites only the few documents that changed (new sessions land in the newest
/// bucket), a document stays small enough for any store, and a sweep mostly empties whole buckets,
/// which it deletes. The documents are written through the <c>sessions</c> storage under keys of
/// their own, so they need no activations. A stored due time may be earlier than the real one (use
/// slides it, and only memory hears of that), never later: the cost is a check too early. Immovable:
/// it moves by reloading what it stored on deactivation; a silo that shuts down would otherwise migrate
/// it with its queued calls, which fails with an error while the whole cluster stops.
/// </remarks>
[Immovable(ImmovableKind.Any)]
public sealed partial class SessionExpiryGrain(
    [PersistentState("expiry", SessionStorage.ProviderName)] IPersistentState<SessionExpiryState> index,
    [FromKeyedServices(SessionStorage.ProviderName)] IGrainStorage storage,
    IOptions<SessionPolicyOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<SessionExpiryGrain> logger)
    : Grain, ISessionExpiryGrain, IRemindable
{
    /// <summary>The grain type of bucket documents' keys; no grain class has it.</summary>
    public const string BucketGrainType = "sessionexpirybucket";

    /// <summary>The state name of bucket documents.</summary>
    public const string BucketStateName = "due";

    /// <summary>How often changes go to storage: a crash loses at most this much of what sessions told.</summary>
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Sessions checked at once, so that a large sweep leaves the silo room for requests.</summary>
    private const int ConcurrentChecks = 32;

    /// <summary>Sessions checked per sweep; more follow at once, after the messages that queued meanwhile.</summary>
    private const int ChecksPerSweep = 4096;

    /// <summary>Under a third of the 480 KiB of text an Azure table entity holds.</summary>
    private const int MaxDocumentBytes = 128 * 1024;

    private readonly long _bucketMilliseconds = (long)options.Value.ExpiryCheckPeriod.TotalMilliseconds;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Document> _documents = [];

    /// <summary>The document of each bucket that takes new entries.</summary>
    private readonly Dictionary<long, Document> _filling = [];

    private bool _indexChanged;
    private bool _reminderRegistered;
    private IGrainTimer? _sweep;

    private TimeSpan SweepPeriod => options.Value.ExpiryCheckPeriod;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadListed();
        await RegisterReminder();
        // First sweep at once: after a restart, sessions may have been due for a while.
        _sweep = this.RegisterGrainTimer(Sweep, new GrainTimerCreationOptions(TimeSpan.Zero, SweepPeriod) { KeepAlive = true });
        this.RegisterGrainTimer(Flush, new GrainTimerCreationOptions(FlushPeriod, FlushPeriod) { KeepAlive = true });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await Flush(cancellationToken);
        }
        catch (Exception exception)
        {
            // Sessions told since the last flush are swept again once they are next activated, not before.
            LogFlushFailed(logger, exception, this.GetPrimaryKeyLong());
        }
    }

    /// <summary>Waking the partition (activation starts its sweep) is all the reminder is for.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public Task Track(string userId, DateTimeOffset due)
    {
        var dueMilliseconds = due.ToUnixTimeMilliseconds();
        if (_entries.TryGetValue(userId, out var entry)) SetDue(userId, entry, dueMilliseconds);
        else File(userId, dueMilliseconds);
        return Task.CompletedTask;
    }

    /// <summary>Checks the due sessions, earliest first, a bounded number at a time.</summary>
    private async Task Sweep(CancellationToken cancellationToken)
    {
        await RegisterReminder();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var due = _entries.Where(e => e.Value.Due <= now).OrderBy(e => e.Value.Due).Take(ChecksPerSweep).Select(e => e.Key).ToList();
        var failed = 0;
        Exception? failure = null;
        foreach (var users in due.Chunk(ConcurrentChecks))
        {
            foreach (var (user, next, exception) in await Task.WhenAll(users.Select(Check)))
            {
                if (exception is not null)
                {
                    // Stays due: the next sweep asks again.
                    (failed, failure) = (failed + 1, exception);
                }
                else if (next is { } nextDue)
                {
                    Reschedule(user, nextDue.ToUnixTimeMilliseconds());
                }
                else
                {
                    Remove(user, _entries[user]);
                }
            }
        }

        if (failure is not null)
        {
            LogChecksFailed(logger, failure, failed, this.GetPrimaryKeyLong());
        }

        if (due.Count == ChecksPerSweep)
        {
            _sweep?.Change(TimeSpan.Zero, SweepPeriod);
        }
    }

    /// <summary>
    /// Registers the partition's one reminder, once per activation. A failure does not fail the
    /// activation, which would drop the calls that activate it; the next sweep tries again.
    /// </summary>
    private async Task RegisterReminder()
    {
        if (_reminderRegistered) return;
        var minimum = reminderOptions.Value.MinimumReminderPeriod;
        var period = SweepPeriod > minimum ? SweepPeriod : minimum;
        try
        {
            await this.RegisterOrUpdateReminder("sweep", period, period);
            _reminderRegistered = true;
        }
        catch (Exception exception)
        {
            LogReminderFailed(logger, exception, this.GetPrimaryKeyLong());
        }
    }

    private async Task<(string User, DateTimeOffset? Next, Exception? Failure)> Check(string user)
    {
        try
        {
            return (user, await GrainFactory.ByKey<IExpirableSessionGrain>(user).ExpireIfDue(), null);
        }
        catch (Exception exception)
        {
            return (user, null, exception);
        }
    }

    /// <summary>Stores what changed; after another activation's store, merged with what that one stored.</summary>
    private async Task Flush(CancellationToken cancellationToken)
    {
        try
        {
            await Store();
        }
        catch (InconsistentStateException)
        {
            // Another activation of this partition stored meanwhile: a silo's stop can leave two for a moment.
            await RefileAfterStored();
            await Store();
        }
    }

    /// <summary>
    /// Loads what storage holds, as an activation does, and adds what this activation held: a user in both keeps the
    /// earlier due time (one the other activation already expired costs a check too early, never a missed expiry).
    /// </summary>
    private async Task RefileAfterStored()
    {
        var held = _entries.Select(entry => (User: entry.Key, entry.Value.Due)).ToList();
        _entries.Clear();
        _documents.Clear();
        _filling.Clear();
        await index.ReadStateAsync();
        _indexChanged = false;
        await LoadListed();
        foreach (var (user, due) in held)
        {
            if (!_entries.TryGetValue(user, out var entry)) File(user, due);
            else if (due < entry.Due) SetDue(user, entry, due);
        }
    }

    /// <summary>
    /// Stores what changed: the index first when it lists new documents (a document nobody lists would
    /// be lost), then the documents, later buckets first, since an entry only ever moves to a later
    /// bucket: it is stored at its new place before its old place forgets it. Empty documents are deleted.
    /// </summary>
    private async Task Store()
    {
        if (_indexChanged)
        {
            await WriteIndex();
        }

        var changed = _documents.Values.Where(d => d.Changed).OrderByDescending(d => d.Bucket).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var contents = changed.Where(d => d.Count > 0).ToDictionary(d => d, _ => new Dictionary<string, long>(StringComparer.Ordinal));
        foreach (var (user, entry) in _entries)
        {
            if (contents.TryGetValue(entry.Document, out var due)) due[user] = entry.Due;
        }

        foreach (var document in changed)
        {
            var state = new GrainState<SessionExpiryBucketState>(new() { Due = contents.GetValueOrDefault(document) ?? [] })
            {
                ETag = document.ETag,
                RecordExists = document.Stored,
            };
            if (document.Count > 0)
            {
                await storage.WriteStateAsync(BucketStateName, BucketId(document.Id), state);
                (document.ETag, document.Stored, document.Changed) = (state.ETag, true, false);
                continue;
            }

            if (document.Stored)
            {
                await storage.ClearStateAsync(BucketStateName, BucketId(document.Id), state);
            }

            Forget(document);
        }

        if (_indexChanged)
        {
            await WriteIndex();
        }
    }

    private async Task WriteIndex()
    {
        await index.WriteStateAsync();
        _indexChanged = false;
    }

    /// <summary>Loads every document the index lists.</summary>
    private async Task LoadListed()
    {
        foreach (var listed in index.State.Documents)
        {
            await Load(listed);
        }
    }

    private async Task Load(SessionExpiryDocument listed)
    {
        var document = new Document(listed.Id, listed.Bucket.ToUnixTimeMilliseconds());
        _documents[document.Id] = document;
        _filling[document.Bucket] = document;
        var state = new GrainState<SessionExpiryBucketState>(new());
        await storage.ReadStateAsync(BucketStateName, BucketId(document.Id), state);
        (document.ETag, document.Stored) = (state.ETag, state.RecordExists);
        foreach (var (user, due) in state.State?.Due ?? [])
        {
            // In two documents after a crash between storing a move and its old place: keep the earlier.
            if (_entries.TryGetValue(user, out var known))
            {
                if (known.Due <= due) continue;
                Remove(user, known);
            }

            Add(user, due, document);
        }

        // Empty (everything in it moved on): deleted at the next flush.
        document.Changed |= document.Count == 0;
    }

    /// <summary>A due time from the session itself: moves the entry when it falls in a later bucket than its document's.</summary>
    private void Reschedule(string user, long due)
    {
        var entry = _entries[user];
        if (BucketOf(due) > entry.Document.Bucket)
        {
            Remove(user, entry);
            File(user, due);
        }
        else
        {
            SetDue(user, entry, due);
        }
    }

    /// <summary>A later time only in memory (stored, an earlier one costs a check too early); an earlier one is stored, or a restart checks too late.</summary>
    private void SetDue(string user, Entry entry, long due)
    {
        _entries[user] = entry with { Due = due };
        if (due < entry.Due) entry.Document.Changed = true;
    }

    private void File(string user, long due)
    {
        var bucket = BucketOf(due);
        var bytes = StoredBytes(user);
        if (!_filling.TryGetValue(bucket, out var document) || document.Bytes + bytes > MaxDocumentBytes)
        {
            document = new Document(index.State.NextDocument++, bucket);
            _documents[document.Id] = document;
            _filling[bucket] = document;
            index.State.Documents.Add(new SessionExpiryDocument(document.Id, DateTimeOffset.FromUnixTimeMilliseconds(bucket)));
            _indexChanged = true;
        }

        Add(user, due, document);
        document.Changed = true;
    }

    private void Add(string user, long due, Document document)
    {
        _entries[user] = new Entry(due, document);
        document.Count++;
        document.Bytes += StoredBytes(user);
    }

    private void Remove(string user, Entry entry)
    {
        _entries.Remove(user);
        entry.Document.Count--;
        entry.Document.Bytes -= StoredBytes(user);
        entry.Document.Changed = true;
    }

    private void Forget(Document document)
    {
        _documents.Remove(document.Id);
        if (_filling.GetValueOrDefault(document.Bucket) == document) _filling.Remove(document.Bucket);
        index.State.Documents.RemoveAll(d => d.Id == document.Id);
        _indexChanged = true;
    }

    private long BucketOf(long due) => due - due % _bucketMilliseconds;

    /// <summary>The storage key of a partition's bucket document.</summary>
    public static GrainId BucketId(long partition, long document) => GrainId.Create(BucketGrainType, $"{partition}-{document}");

    private GrainId BucketId(long document) => BucketId(this.GetPrimaryKeyLong(), document);

    /// <summary>
    /// About an entry's share of its document, <c>"user":1795940460000,</c>; user ids the serializer
    /// escapes take up to three times that, which <see cref="MaxDocumentBytes"/> leaves room for.
    /// </summary>
    private static int StoredBytes(string user) => Encoding.UTF8.GetByteCount(user) + 17;

    /// <summary>When a user's session is due (Unix milliseconds, as stored) and the document it is stored in.</summary>
    private readonly record struct Entry(long Due, Document Document);

    private sealed class Document(long id, long bucket)
    {
        public long Id { get; } = id;

        /// <summary>The bucket (Unix milliseconds of its start) whose new entries the document took.</summary>
        public long Bucket { get; } = bucket;

        public int Count { get; set; }

        public long Bytes { get; set; }

        /// <summary>Whether memory holds something for it that storage does not.</summary>
        public bool Changed { get; set; }

        public string? ETag { get; set; }

        public bool Stored { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiry partition {Partition} could not check {Count} due session(s); it asks again next sweep.")]
    private static partial void LogChecksFailed(ILogger logger, Exception exception, int count, long partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiry partition {Partition} could not register its reminder; it tries again next sweep.")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, long partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiry partition {Partition} could not store its due times on deactivation.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, long partition);
}
