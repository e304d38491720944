using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>
/// Password guessing is throttled per client address and per user name; a per-caller request limit applies when
/// configured. The API trusts its loopback proxy here, so each request's client address is its X-Forwarded-For.
/// </summary>
[Collection(SessionClusterCollection.Name)]
public sealed class RateLimitTests(SessionCluster sessions)
{
    [Fact]
    public async Task After_ten_failed_passwords_from_one_address_even_the_right_one_gets_429_without_being_checked()
    {
        await using var api = Api();
        for (var i = 0; i < 10; i++)
        {
            await Problems.Assert(await Send(api, "198.51.100.10", "alice", "wrong"), HttpStatusCode.Unauthorized);
        }

        var refused = await Send(api, "198.51.100.10", "alice", "password");

        var problem = await Problems.Assert(refused, (HttpStatusCode)429);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Contains("not checked", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Failures_for_one_user_name_from_many_addresses_throttle_that_name_only()
    {
        await using var api = Api(new() { ["RateLimiting:PasswordFailures:PermitLimit"] = "3" });
        for (var i = 0; i < 3; i++)
        {
            await Problems.Assert(await Send(api, $"198.51.100.{20 + i}", "bob", "wrong"), HttpStatusCode.Unauthorized);
        }

        await Problems.Assert(await Send(api, "198.51.100.29", "bob", "password"), (HttpStatusCode)429);
        Assert.Equal(HttpStatusCode.OK, (await Send(api, "198.51.100.29", "alice", "password")).StatusCode);
    }

    [Fact]
    public async Task Failures_from_one_address_under_many_names_throttle_that_address_only()
    {
        await using var api = Api(new() { ["RateLimiting:PasswordFailures:PermitLimit"] = "3" });
        for (var i = 0; i < 3; i++)
        {
            await Problems.Assert(await Send(api, "198.51.100.30", $"guess{i}", "wrong"), HttpStatusCode.Unauthorized);
        }

        await Problems.Assert(await Send(api, "198.51.100.30", "alice", "password"), (HttpStatusCode)429);
        Assert.Equal(HttpStatusCode.OK, (await Send(api, "198.51.100.31", "alice", "password")).StatusCode);
    }

    [Fact]
    public async Task Without_configuration_there_is_no_per_user_limit()
    {
        await using var api = Api();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Send(api, "198.51.100.40", "alice", "password")).StatusCode);
        }
    }

    [Fact]
    public async Task The_per_user_limit_answers_429_with_Retry_After_and_leaves_other_users_alone()
    {
        await using var api = Api(PerUser(3));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Send(api, $"198.51.100.{50 + i}", "alice", "password")).StatusCode);
        }

        var refused = await Send(api, "198.51.100.59", "alice", "password");

        var problem = await Problems.Assert(refused, (HttpStatusCode)429);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Contains("RateLimiting:PerUser", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Send(api, "198.51.100.59", "bob", "password")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_per_client_address()
    {
        await using var api = Api(PerUser(2));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Send(api, "198.51.100.60", null, null)).StatusCode);
        }

        await Problems.Assert(await Send(api, "198.51.100.60", null, null), (HttpStatusCode)429);
        Assert.Equal(HttpStatusCode.OK, (await Send(api, "198.51.100.61", null, null)).StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_are_never_limited(string path)
    {
        await using var api = Api(PerUser(1));
        for (var i = 0; i < 5; i++)
        {
            var client = api.CreateClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.70");
            Assert.NotEqual((HttpStatusCode)429, (await client.GetAsync(path)).StatusCode);
        }
    }

    private static Dictionary<string, string?> PerUser(int permits) => new()
    {
        ["RateLimiting:PerUser:PermitLimit"] = $"{permits}",
        ["RateLimiting:PerUser:Window"] = "00:10:00",
    };

    private IApiHost Api(Dictionary<string, string?>? settings = null) => sessions.ApiWith(settings ?? [], IPAddress.Loopback);

    private static Task<HttpResponseMessage> Send(IApiHost api, string clientIp, string? user, string? password)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientIp);
        if (user is not null) client.DefaultRequestHeaders.Authorization = ApiFactory.Basic(user, password!);
        return client.GetAsync("/api");
    }
}
