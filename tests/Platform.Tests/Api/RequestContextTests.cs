using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>The request context: X-Request-ID on every response, and into grains through Orleans' request context.</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class RequestContextTests(SessionCluster cluster)
{
    [Fact]
    public async Task A_valid_request_id_is_kept_answered_and_seen_by_the_grain_that_signals_the_change()
    {
        using var alice = cluster.Api.ClientFor("alice");
        var before = await SignalClient.Last(alice);
        var requestId = $"checkout-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Put, "/session/request-context") { Content = Bodies.Json("1") };
        request.Headers.Add("X-Request-ID", requestId);

        var response = await alice.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(requestId, response.Headers.GetValues("X-Request-ID").Single());
        // session_changed is raised inside the session grain, from Orleans' request context.
        var changed = await Eventually.Holds(() => SignalClient.Recent(alice, before),
            list => list.Any(s => s.GetProperty("name").GetString() == "session_changed"), TimeSpan.FromSeconds(15), "the change is signalled");
        Assert.Equal(requestId, changed.First(s => s.GetProperty("name").GetString() == "session_changed").GetProperty("requestId").GetString());
    }

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("")]
    [InlineData("x<script>")]
    public async Task A_missing_or_malformed_request_id_is_replaced_even_on_errors(string incoming)
    {
        using var anonymous = cluster.Api.ClientFor(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/session");
        request.Headers.TryAddWithoutValidation("X-Request-ID", incoming);

        var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var answered = response.Headers.GetValues("X-Request-ID").Single();
        Assert.NotEqual(incoming, answered);
        Assert.Matches("^[a-f0-9]{32}$", answered);
    }

    [Fact]
    public async Task A_named_request_is_logged_once_with_its_id_in_the_scope_of_its_log_lines()
    {
        var logs = new CapturedLogs();
        await using var api = new ApiFactory(cluster.ApiSettings,
            configure: builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/session/absent-key") { Headers = { { "X-Request-ID", "log-check-1" } } };
        request.Headers.Authorization = ApiFactory.Basic("alice", "password");

        var response = await api.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var line = Assert.Single(logs.Entries, entry => entry.Message.Contains("answered 404"));
        Assert.Equal("GET /session/absent-key answered 404", line.Message[..line.Message.IndexOf(" in ", StringComparison.Ordinal)]);
        Assert.Equal("log-check-1", line.Scope["RequestId"]);
    }
}
