extern alias SiloAssembly;

using System.Text;
using System.Text.Json;
using Platform.Contracts.Sessions;
using Platform.Tests.Infrastructure;
using SiloAssembly::Platform.Silo.Sessions;
using SiloAssembly::Platform.Silo.Storage;

namespace Platform.Tests.Grains;

/// <summary>Expiry by a clock the test moves: no test waits for a real timeout.</summary>
[Collection(ExpiryClusterCollection.Name)]
public sealed class SessionExpiryTests(ExpiryCluster expiry)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private (string UserId, ISessionGrain Session) NewSession()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        return (userId, expiry.Cluster.GrainFactory.GetGrain<ISessionGrain>(userId));
    }

    [Fact]
    public async Task An_idle_session_expires_from_storage_and_the_next_request_hears_why_once()
    {
        var (userId, session) = NewSession();
        var written = await session.Set("cart", "[1]"u8.ToArray(), null);
        var lastUse = ExpiryCluster.Clock.GetUtcNow();

        ExpiryCluster.Clock.Advance(ExpiryCluster.IdleTimeout + Minute);
        var next = await session.GetAll();
        var after = await session.GetAll();

        Assert.Empty(next.Values);
        Assert.Equal(new SessionExpiry(SessionExpiryReason.Idle, lastUse + ExpiryCluster.IdleTimeout), next.Expired);
        Assert.NotEqual(written.Tag, next.Tag);
        Assert.Null(after.Expired);
        Assert.False(await expiry.Stored(userId));
    }

    [Fact]
    public async Task Use_keeps_a_session_alive_past_the_idle_timeout()
    {
        var (_, session) = NewSession();
        await session.Set("cart", "[1]"u8.ToArray(), null);

        for (var i = 0; i < 3; i++)
        {
            ExpiryCluster.Clock.Advance(ExpiryCluster.IdleTimeout - Minute);
            await AssertCartKept(session);
        }
    }

    [Fact]
    public async Task Reads_count_as_use_even_when_the_grain_is_reloaded_from_storage_between_them()
    {
        var (_, session) = NewSession();
        await session.Set("cart", "[1]"u8.ToArray(), null);
        await DeactivateAll();
        ExpiryCluster.Clock.Advance(TimeSpan.FromMinutes(4));
        await session.Get("cart");
        ExpiryCluster.Clock.Advance(TimeSpan.FromMinutes(3));
        await session.Get("cart");
        await DeactivateAll();

        ExpiryCluster.Clock.Advance(TimeSpan.FromMinutes(15));

        await AssertCartKept(session);
    }

    private Task DeactivateAll() => expiry.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    [Fact]
    public async Task A_busy_session_still_ends_at_its_absolute_lifetime()
    {
        var (_, session) = NewSession();
        var created = ExpiryCluster.Clock.GetUtcNow();
        await session.Set("cart", "[1]"u8.ToArray(), null);

        SessionExpiry? expired = null;
        while (expired is null && ExpiryCluster.Clock.GetUtcNow() < created + ExpiryCluster.AbsoluteLifetime + ExpiryCluster.IdleTimeout)
        {
            ExpiryCluster.Clock.Advance(TimeSpan.FromMinutes(10));
            expired = (await session.Increment("clicks", 1)).Expired;
        }

        Assert.Equal(new SessionExpiry(SessionExpiryReason.Absolute, created + ExpiryCluster.AbsoluteLifetime), expired);
        Assert.Equal(["clicks"], (await session.GetAll()).Values.Keys);
    }

    [Fact]
    public async Task A_session_no_request_touches_again_is_removed_from_storage()
    {
        var (userId, _) = await NewTrackedSession();
        Assert.True(await expiry.Stored(userId));

        ExpiryCluster.Clock.Advance(ExpiryCluster.IdleTimeout + Minute);

        await LeavesStorage(userId, "its expiry partition removes the idle session from storage");
    }

    [Fact]
    public async Task An_active_session_has_no_reminder_of_its_own_only_its_partition_has_one()
    {
        var (userId, session) = NewSession();
        await session.Set("cart", "[1]"u8.ToArray(), null);
        var sessionId = session.GetGrainId();
        var partitionId = expiry.Partition(SessionExpiryPartitions.Of(userId)).GetGrainId();

        var reminders = await Eventually.Holds(expiry.Reminders, all => all.Any(r => r.GrainId == partitionId), TimeSpan.FromSeconds(30),
            "the session's expiry partition registers its reminder");

        Assert.DoesNotContain(reminders, r => r.GrainId == sessionId);
        Assert.All(reminders, r => Assert.Equal(partitionId.Type, r.GrainId.Type));
        Assert.InRange(reminders.Count, 1, SessionExpiryPartitions.Count);
    }

    [Fact]
    public async Task A_session_whose_silo_lost_it_and_its_partition_from_memory_is_still_removed_from_storage_when_due()
    {
        // What a crash would keep: the partition's timer stores what it was told within a flush period.
        var (userId, session) = await NewTrackedSession();
        await expiry.Deactivate(session, expiry.Partition(SessionExpiryPartitions.Of(userId)));

        ExpiryCluster.Clock.Advance(ExpiryCluster.IdleTimeout);

        await LeavesStorage(userId, "the partition's reminder wakes it, it reloads its due times and removes the session");
    }

    [Fact]
    public async Task A_due_time_that_use_slid_is_stored_and_kept_across_a_restart_of_the_partition()
    {
        var (userId, session) = await NewTrackedSession();
        ExpiryCluster.Clock.Advance(ExpiryCluster.IdleTimeout - Minute);
        await session.Get("cart");
        var slid = ExpiryCluster.Clock.GetUtcNow() + ExpiryCluster.IdleTimeout;
        ExpiryCluster.Clock.Advance(2 * Minute);

        // The sweep finds the session due by what it was told, hears the slid time and stores it.
        await expiry.DueTimesStored((userId, slid));
        await expiry.Deactivate(session, expiry.Partition(SessionExpiryPartitions.Of(userId)));
        ExpiryCluster.Clock.Advance(slid - ExpiryCluster.Clock.GetUtcNow() - Minute);
        Assert.Equal(1, await expiry.StoredAfterASweep(userId));

        ExpiryCluster.Clock.Advance(Minute);

        await LeavesStorage(userId, "the reloaded partition removes the session at its slid due time");
    }

    [Fact]
    public async Task Many_untouched_sessions_in_every_partition_are_all_removed()
    {
        var sessions = Enumerable.Range(0, 200).Select(_ => NewSession()).ToList();
        var due = ExpiryCluster.Clock.GetUtcNow() + ExpiryCluster.IdleTimeout;
        await Task.WhenAll(sessions.Select(s => s.Session.Set("cart", "[1]"u8.ToArray(), null).AsTask()));
        Assert.Equal(SessionExpiryPartitions.Count, sessions.Select(s => SessionExpiryPartitions.Of(s.UserId)).Distinct().Count());
        await expiry.DueTimesStored(sessions.Select(s => (s.UserId, due)));

        ExpiryCluster.Clock.Advance(ExpiryCluster.IdleTimeout + Minute);

        await Eventually.Holds(() => expiry.StoredAfterASweep(sessions.Select(s => s.UserId)), stored => stored == 0, TimeSpan.FromSeconds(60),
            "every untouched session leaves storage");
    }

    [Fact]
    public async Task The_partition_asks_the_session_so_use_that_slid_its_expiry_keeps_it()
    {
        var (used, usedSession) = NewSession();
        var (untouched, untouchedSession) = NewSessionIn(SessionExpiryPartitions.Of(used));
        var due = ExpiryCluster.Clock.GetUtcNow() + ExpiryCluster.IdleTimeout;
        await usedSession.Set("cart", "[1]"u8.ToArray(), null);
        await untouchedSession.Set("cart", "[1]"u8.ToArray(), null);
        await expiry.DueTimesStored((used, due), (untouched, due));

        ExpiryCluster.Clock.Advance(ExpiryCluster.IdleTimeout - Minute);
        await usedSession.Get("cart");
        ExpiryCluster.Clock.Advance(2 * Minute);

        // Both are due by what the partition was told; the same sweep checks both.
        await LeavesStorage(untouched, "the sweep removes the untouched session");
        Assert.True(await expiry.Stored(used));
        await AssertCartKept(usedSession);
    }

    [Fact]
    public async Task Being_checked_by_the_partition_is_not_use()
    {
        var (userId, session) = NewSession();
        var checks = expiry.Cluster.GrainFactory.GetGrain<IExpirableSessionGrain>(userId);
        Assert.Null(await checks.ExpireIfDue());
        await session.Set("cart", "[1]"u8.ToArray(), null);
        var lastUse = ExpiryCluster.Clock.GetUtcNow();

        ExpiryCluster.Clock.Advance(TimeSpan.FromMinutes(10));
        var due = await checks.ExpireIfDue();
        ExpiryCluster.Clock.Advance(TimeSpan.FromMinutes(11));
        var next = await session.GetAll();

        Assert.Equal(lastUse + ExpiryCluster.IdleTimeout, due);
        Assert.Equal(new SessionExpiry(SessionExpiryReason.Idle, lastUse + ExpiryCluster.IdleTimeout), next.Expired);
        Assert.Null(await checks.ExpireIfDue());
    }

    [Fact]
    public async Task A_partition_that_another_activation_stored_behind_its_back_keeps_what_both_stored_and_expires_it()
    {
        var (first, _) = await NewTrackedSession();
        var partition = SessionExpiryPartitions.Of(first);
        var earlier = ExpiryCluster.Clock.GetUtcNow() + ExpiryCluster.IdleTimeout - 5 * Minute;
        await expiry.StoreAsAnotherActivation(first, earlier);

        // A session told after that makes the active partition list a new document, with an index out of date.
        ExpiryCluster.Clock.Advance(Minute);
        var (later, laterSession) = NewSessionIn(partition);
        await laterSession.Set("cart", "[1]"u8.ToArray(), null);
        var laterDue = ExpiryCluster.Clock.GetUtcNow() + ExpiryCluster.IdleTimeout;

        // Both documents stay, and of two due times for one session the earlier is kept.
        await expiry.DueTimesStored((later, laterDue), (first, earlier));
        ExpiryCluster.Clock.Advance(laterDue - ExpiryCluster.Clock.GetUtcNow());
        await Eventually.Holds(() => expiry.StoredAfterASweep(first, later), stored => stored == 0, TimeSpan.FromSeconds(30),
            "the partition removes both sessions when due");
    }

    [Fact]
    public void A_partition_and_its_due_times_are_stored_as_plain_json_and_read_back()
    {
        var serializer = new PlainJsonGrainStorageSerializer();
        var bucket = DateTimeOffset.Parse("2026-11-24T08:21:00Z");
        var index = new SessionExpiryState { NextDocument = 8, Documents = [new SessionExpiryDocument(7, bucket)] };
        var due = new SessionExpiryBucketState { Due = { ["alice"] = bucket.AddSeconds(13).ToUnixTimeMilliseconds(), ["Zoë"] = 1 } };

        var indexJson = serializer.Serialize(index);
        var dueJson = serializer.Serialize(due);

        Assert.Equal("""{"nextDocument":8,"documents":[{"id":7,"bucket":"2026-11-24T08:21:00+00:00"}]}""", indexJson.ToString());
        Assert.Equal(bucket.AddSeconds(13).ToUnixTimeMilliseconds(),
            JsonDocument.Parse(dueJson.ToString()).RootElement.GetProperty("due").GetProperty("alice").GetInt64());
        var loadedIndex = serializer.Deserialize<SessionExpiryState>(indexJson);
        Assert.Equal(index.NextDocument, loadedIndex.NextDocument);
        Assert.Equal(index.Documents, loadedIndex.Documents);
        Assert.Equal(due.Due, serializer.Deserialize<SessionExpiryBucketState>(dueJson).Due);
    }

    /// <summary>A new session with a cart, whose due time its expiry partition has stored.</summary>
    private async Task<(string UserId, ISessionGrain Session)> NewTrackedSession()
    {
        var (userId, session) = NewSession();
        await session.Set("cart", "[1]"u8.ToArray(), null);
        await expiry.DueTimesStored((userId, ExpiryCluster.Clock.GetUtcNow() + ExpiryCluster.IdleTimeout));
        return (userId, session);
    }

    private Task LeavesStorage(string userId, string what) =>
        Eventually.Holds(() => expiry.StoredAfterASweep(userId), stored => stored == 0, TimeSpan.FromSeconds(30), what);

    /// <summary>Reads the session's cart (a use): still there, and no expiry to report.</summary>
    private static async Task AssertCartKept(ISessionGrain session)
    {
        var read = await session.Get("cart");
        Assert.Null(read.Expired);
        Assert.Equal("[1]", Encoding.UTF8.GetString(read.Utf8Json!));
    }

    /// <summary>A new session whose user falls in the given expiry partition.</summary>
    private (string UserId, ISessionGrain Session) NewSessionIn(long partition)
    {
        while (true)
        {
            var candidate = NewSession();
            if (SessionExpiryPartitions.Of(candidate.UserId) == partition) return candidate;
        }
    }
}
