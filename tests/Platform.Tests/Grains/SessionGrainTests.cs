using System.Text;
using Platform.Contracts.Sessions;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Grains;

[Collection(SessionClusterCollection.Name)]
public sealed class SessionGrainTests(SessionCluster sessions)
{
    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[]? utf8) => utf8 is null ? "(absent)" : Encoding.UTF8.GetString(utf8);

    private ISessionGrain NewSession() => sessions.Cluster.GrainFactory.GetGrain<ISessionGrain>($"user-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_new_session_is_empty_at_version_zero()
    {
        var snapshot = await NewSession().GetAll();

        Assert.Equal(new SessionTag(0, 0), snapshot.Tag);
        Assert.Empty(snapshot.Values);
    }

    [Fact]
    public async Task A_value_that_was_set_reads_back_and_moves_the_version()
    {
        var session = NewSession();

        var first = await session.Set("cart", Json("""{"items":[1,2]}"""), null);
        var second = await session.Set("theme", Json("\"dark\""), null);

        Assert.Equal(1, first.Tag.Version);
        Assert.Equal(2, second.Tag.Version);
        Assert.Equal(first.Tag.Epoch, second.Tag.Epoch);
        var cart = await session.Get("cart");
        Assert.Equal(second.Tag, cart.Tag);
        Assert.Equal("""{"items":[1,2]}""", Text(cart.Utf8Json));
        Assert.Equal("\"dark\"", Text((await session.GetAll()).Values["theme"]));
    }

    [Fact]
    public async Task Writing_the_same_value_again_changes_nothing()
    {
        var session = NewSession();
        await session.Set("theme", Json("\"dark\""), null);

        var again = await session.Set("theme", Json("\"dark\""), null);

        Assert.Equal(SessionOutcome.Unchanged, again.Outcome);
        Assert.Equal(1, again.Tag.Version);
    }

    [Fact]
    public async Task Removing_a_key_reports_whether_it_was_there()
    {
        var session = NewSession();
        await session.Set("theme", Json("\"dark\""), null);

        Assert.Equal(SessionOutcome.Applied, (await session.Remove("theme", null)).Outcome);
        Assert.Equal(SessionOutcome.NotFound, (await session.Remove("theme", null)).Outcome);
        Assert.Null((await session.Get("theme")).Utf8Json);
    }

    [Fact]
    public async Task Clearing_removes_every_key_but_keeps_counting_versions()
    {
        var session = NewSession();
        await session.Set("a", Json("1"), null);
        await session.Set("b", Json("2"), null);

        var cleared = await session.Clear(null);

        Assert.Equal(SessionOutcome.Applied, cleared.Outcome);
        var all = await session.GetAll();
        Assert.Empty(all.Values);
        Assert.Equal(3, all.Tag.Version);
    }

    [Fact]
    public async Task A_change_at_a_tag_the_session_moved_on_from_is_refused()
    {
        var session = NewSession();
        var first = await session.Set("a", Json("1"), null);
        await session.Set("b", Json("2"), null);

        var stale = await session.Set("a", Json("10"), first.Tag);
        var current = await session.Set("a", Json("10"), (await session.GetAll()).Tag);

        Assert.Equal(SessionOutcome.VersionMismatch, stale.Outcome);
        Assert.Equal(SessionOutcome.Applied, current.Outcome);
        Assert.Equal("10", Text((await session.Get("a")).Utf8Json));
    }

    [Fact]
    public async Task Increment_counts_from_an_absent_key_and_refuses_non_integers()
    {
        var session = NewSession();

        Assert.Equal("5", Text((await session.Increment("count", 5)).Utf8Json));
        Assert.Equal("3", Text((await session.Increment("count", -2)).Utf8Json));
        await session.Set("name", Json("\"x\""), null);
        Assert.Equal(SessionOutcome.NotAnInteger, (await session.Increment("name", 1)).Outcome);
        await session.Set("big", Json(long.MaxValue.ToString()), null);
        Assert.Equal(SessionOutcome.NotAnInteger, (await session.Increment("big", 1)).Outcome);
        Assert.Equal(long.MaxValue.ToString(), Text((await session.Get("big")).Utf8Json));
    }

    [Fact]
    public async Task Compare_and_set_swaps_only_the_expected_value()
    {
        var session = NewSession();

        Assert.Equal(SessionOutcome.Applied, (await session.CompareAndSet("lock", null, Json("\"mine\""))).Outcome);
        Assert.Equal(SessionOutcome.ValueMismatch, (await session.CompareAndSet("lock", null, Json("\"theirs\""))).Outcome);
        Assert.Equal(SessionOutcome.ValueMismatch, (await session.CompareAndSet("lock", Json("\"other\""), Json("\"theirs\""))).Outcome);
        Assert.Equal(SessionOutcome.Applied, (await session.CompareAndSet("lock", Json("\"mine\""), Json("\"free\""))).Outcome);
        Assert.Equal("\"free\"", Text((await session.Get("lock")).Utf8Json));
    }

    [Fact]
    public async Task A_merge_patch_changes_several_keys_in_one_version()
    {
        var session = NewSession();
        await session.Set("profile", Json("""{"name":"Ann","langs":["en"],"tz":"UTC"}"""), null);
        await session.Set("stale", Json("1"), null);

        var patched = await session.MergePatch(Json("""{"profile":{"tz":null,"langs":["en","fr"]},"stale":null,"theme":"dark"}"""), null);

        Assert.Equal(SessionOutcome.Applied, patched.Outcome);
        Assert.Equal(3, patched.Tag.Version);
        var all = await session.GetAll();
        Assert.Equal("""{"name":"Ann","langs":["en","fr"]}""", Text(all.Values["profile"]));
        Assert.Equal("\"dark\"", Text(all.Values["theme"]));
        Assert.False(all.Values.ContainsKey("stale"));
    }

    [Fact]
    public async Task Values_and_sessions_over_their_limits_are_refused_and_nothing_changes()
    {
        var session = NewSession();
        var nearlyFull = $"\"{new string('x', SessionCluster.MaxValueBytes - 2)}\"";
        for (var i = 0; i < 3; i++) await session.Set($"k{i}", Json(nearlyFull), null);
        var before = await session.GetAll();

        var tooLarge = await session.Set("big", Json($"\"{new string('x', SessionCluster.MaxValueBytes)}\""), null);
        var tooMuch = await session.Set("k3", Json(nearlyFull), null);

        Assert.Equal(SessionOutcome.ValueTooLarge, tooLarge.Outcome);
        Assert.Equal(SessionOutcome.SessionTooLarge, tooMuch.Outcome);
        var after = await session.GetAll();
        Assert.Equal(before.Tag, after.Tag);
        Assert.Equal(before.Values.Keys.Order(), after.Values.Keys.Order());
    }

    [Fact]
    public async Task Parallel_changes_each_get_their_own_version_and_every_one_is_stored()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var session = sessions.Cluster.GrainFactory.GetGrain<ISessionGrain>(userId);

        var changes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => session.Set($"key{i}", Json($"{i}"), null).AsTask()));
        await sessions.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reloaded = await sessions.Cluster.GrainFactory.GetGrain<ISessionGrain>(userId).GetAll();

        Assert.All(changes, change => Assert.Equal(SessionOutcome.Applied, change.Outcome));
        Assert.Equal(Enumerable.Range(1, 40).Select(version => (long)version), changes.Select(change => change.Tag.Version).Order());
        Assert.Equal(40, reloaded.Tag.Version);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"key{i}").Order(), reloaded.Values.Keys.Order());
        Assert.All(Enumerable.Range(0, 40), i => Assert.Equal($"{i}", Text(reloaded.Values[$"key{i}"])));
    }

    [Fact]
    public async Task Of_parallel_changes_at_the_same_tag_exactly_one_is_applied()
    {
        var session = NewSession();
        var start = await session.Set("turn", Json("0"), null);

        var changes = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => session.Set("turn", Json($"{i}"), start.Tag).AsTask()));

        var winner = Assert.Single(changes, change => change.Outcome == SessionOutcome.Applied);
        Assert.All(changes.Where(change => change != winner), change =>
        {
            Assert.Equal(SessionOutcome.VersionMismatch, change.Outcome);
            Assert.Equal(winner.Tag, change.Tag);
        });
        var turn = await session.Get("turn");
        Assert.Equal(winner.Tag, turn.Tag);
        Assert.Equal(Text(winner.Utf8Json), Text(turn.Utf8Json));
    }

    [Fact]
    public async Task A_session_comes_back_from_storage_after_its_grain_is_deactivated()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var written = await sessions.Cluster.GrainFactory.GetGrain<ISessionGrain>(userId).Set("cart", Json("""{"items":[3]}"""), null);

        await sessions.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var reloaded = await sessions.Cluster.GrainFactory.GetGrain<ISessionGrain>(userId).GetAll();
        Assert.Equal(written.Tag, reloaded.Tag);
        Assert.Equal("""{"items":[3]}""", Text(reloaded.Values["cart"]));
    }
}
