extern alias SiloAssembly;

using SiloAssembly::Platform.Silo.Logins;

namespace Platform.Tests.Grains;

public sealed class LoginCapTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-24T08:00:00Z");

    private static LoginRecord Session(string id, int createdMinute, int lastUsedMinute) => new()
    {
        Id = id, TokenHash = id, Created = Start.AddMinutes(createdMinute), LastUsed = Start.AddMinutes(lastUsedMinute),
    };

    [Fact]
    public void Under_the_cap_nothing_ends()
    {
        Assert.Empty(LoginCap.MakeRoom([Session("a", 0, 0)], new LoginPolicyOptions { MaxPerUser = 2 })!);
    }

    [Fact]
    public void At_the_cap_the_least_recently_used_session_makes_room()
    {
        var sessions = new[] { Session("old-but-busy", 0, 50), Session("idle", 10, 10), Session("new", 40, 40) };

        var evicted = LoginCap.MakeRoom(sessions, new LoginPolicyOptions { MaxPerUser = 3, WhenFull = WhenLoginsFull.EvictOldest });

        Assert.Equal(["idle"], evicted!.Select(s => s.Id));
    }

    [Fact]
    public void At_the_cap_a_rejecting_policy_refuses_the_new_session()
    {
        var sessions = new[] { Session("a", 0, 0), Session("b", 1, 1) };

        Assert.Null(LoginCap.MakeRoom(sessions, new LoginPolicyOptions { MaxPerUser = 2, WhenFull = WhenLoginsFull.RejectNew }));
    }
}
