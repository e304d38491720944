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

        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Values);
    }

    [Fact]
    public async Task A_value_that_was_set_reads_back_and_moves_the_version()
    {
        var session = NewSession();

        var first = await session.Set("cart", Json("""{"items":[1,2]}"""));
        var second = await session.Set("theme", Json("\"dark\""));

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        var cart = await session.Get("cart");
        Assert.Equal(2, cart!.Version);
        Assert.Equal("""{"items":[1,2]}""", Text(cart.Utf8Json));
        var all = await session.GetAll();
        Assert.Equal(2, all.Version);
        Assert.Equal("\"dark\"", Text(all.Values["theme"]));
    }

    [Fact]
    public async Task Writing_the_same_value_again_changes_nothing()
    {
        var session = NewSession();
        await session.Set("theme", Json("\"dark\""));

        var again = await session.Set("theme", Json("\"dark\""));

        Assert.False(again.Changed);
        Assert.Equal(1, again.Version);
    }

    [Fact]
    public async Task Removing_a_key_reports_whether_it_was_there()
    {
        var session = NewSession();
        await session.Set("theme", Json("\"dark\""));

        var removed = await session.Remove("theme");
        var removedAgain = await session.Remove("theme");

        Assert.True(removed.Changed);
        Assert.False(removedAgain.Changed);
        Assert.Null(await session.Get("theme"));
        Assert.Equal(2, (await session.GetAll()).Version);
    }

    [Fact]
    public async Task Clearing_removes_every_key_but_keeps_counting_versions()
    {
        var session = NewSession();
        await session.Set("a", Json("1"));
        await session.Set("b", Json("2"));

        var cleared = await session.Clear();

        Assert.True(cleared.Changed);
        var all = await session.GetAll();
        Assert.Empty(all.Values);
        Assert.Equal(3, all.Version);
    }

    [Fact]
    public async Task A_session_comes_back_from_storage_after_its_grain_is_deactivated()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var session = sessions.Cluster.GrainFactory.GetGrain<ISessionGrain>(userId);
        await session.Set("cart", Json("""{"items":[3]}"""));

        await sessions.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var reloaded = await sessions.Cluster.GrainFactory.GetGrain<ISessionGrain>(userId).GetAll();
        Assert.Equal(1, reloaded.Version);
        Assert.Equal("""{"items":[3]}""", Text(reloaded.Values["cart"]));
    }
}
