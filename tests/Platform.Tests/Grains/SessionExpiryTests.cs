using System.Text;
using Platform.Contracts.Sessions;
using Platform.Tests.Infrastructure;

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
            var read = await session.Get("cart");
            Assert.Null(read.Expired);
            Assert.Equal("[1]", Encoding.UTF8.GetString(read.Utf8Json!));
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
        var read = await session.Get("cart");

        Assert.Null(read.Expired);
        Assert.Equal("[1]", Encoding.UTF8.GetString(read.Utf8Json!));
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
        var (userId, session) = NewSession();
        await session.Set("cart", "[1]"u8.ToArray(), null);
        Assert.True(await expiry.Stored(userId));

        ExpiryCluster.Clock.Advance(ExpiryCluster.IdleTimeout + Minute);

        await Eventually.Holds(() => expiry.Stored(userId), stored => !stored, TimeSpan.FromSeconds(30),
            "the expiry reminder removes the idle session from storage");
    }
}
