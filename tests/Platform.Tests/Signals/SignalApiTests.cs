using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Signals;

/// <summary>Signals through the real API and a two-silo cluster (memory streams, as in the embedded default).</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class SignalApiTests(SessionCluster cluster)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_custom_signal_is_stored_before_the_answer_and_read_back_with_its_context()
    {
        using var alice = cluster.Api.ClientFor("alice");

        var response = await alice.PostAsync("/signals/order.shipped", Bodies.Json("""{"order":42,"carrier":"Pöstli"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var raised = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var sequence = raised.GetProperty("sequence").GetInt64();
        // Read back at once: a 2xx means the log has it.
        var signal = (await SignalClient.Recent(alice, sequence - 1)).Single(s => s.GetProperty("sequence").GetInt64() == sequence);
        Assert.Equal("order.shipped", signal.GetProperty("name").GetString());
        Assert.Equal(raised.GetProperty("id").GetGuid(), signal.GetProperty("id").GetGuid());
        Assert.Equal("alice", signal.GetProperty("user").GetString());
        Assert.Equal(42, signal.GetProperty("data").GetProperty("order").GetInt32());
        Assert.Equal("Pöstli", signal.GetProperty("data").GetProperty("carrier").GetString());
        Assert.False(string.IsNullOrEmpty(signal.GetProperty("requestId").GetString()));
        Assert.True(signal.GetProperty("timestamp").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Theory]
    [InlineData("/signals/has%20space", "{}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/signals/semi;colon", "{}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/signals/request_finished", "{}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/signals/ok", "{not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/signals/ok", "{}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task Bad_names_and_bodies_get_problems_and_raise_nothing(string path, string body, string mediaType, HttpStatusCode status)
    {
        using var bob = cluster.Api.ClientFor("bob");
        var before = await SignalClient.Last(bob);

        await Problems.Assert(await bob.PostAsync(path, Bodies.Json(body, mediaType)), status);
        await Problems.Assert(await bob.PostAsync($"/signals/{new string('a', 65)}", Bodies.Json("{}")), HttpStatusCode.BadRequest);
        await Problems.Assert(await bob.PostAsync("/signals/big", Bodies.Json($"\"{new string('x', 17 * 1024)}\"")), HttpStatusCode.RequestEntityTooLarge);

        // Nothing but the requests' own lifecycle signals: no custom signal was recorded.
        var after = await SignalClient.Recent(bob, before);
        Assert.DoesNotContain(after, signal => signal.GetProperty("durable").GetBoolean());
    }

    [Fact]
    public async Task Sequences_have_no_gaps_and_each_request_starts_before_it_finishes_under_concurrent_requests()
    {
        using var alice = cluster.Api.ClientFor("alice");
        var before = await SignalClient.Last(alice);
        // Watched as they are numbered: the log keeps only the last few lifecycle signals, fewer than this burst raises.
        await using var watch = await SignalWatch.Open(alice, $"/signals/stream?after={before}");

        var writes = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => alice.PutAsync($"/session/concurrent-{i % 4}", Bodies.Json($"{i}"))));
        Assert.All(writes, write => Assert.Equal(HttpStatusCode.OK, write.StatusCode));

        // 24 requests: started and finished each, and a session_changed for each write, which comes before its request finishes.
        var writesFinished = 0;
        var events = await watch.Until(e => IsWrite(e.Signal, "request_finished") && ++writesFinished == 24);
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => before + 1 + i), events.Select(e => e.Id));
        var signals = events.Select(e => e.Signal).ToList();
        Assert.True(signals.Count(s => s.GetProperty("name").GetString() == "session_changed") >= 24);
        // The writes' own requests (the test's other requests may have started before its first sequence).
        foreach (var finished in signals.Where(s => IsWrite(s, "request_finished")))
        {
            var requestId = finished.GetProperty("requestId").GetString();
            var started = signals.Single(s => s.GetProperty("name").GetString() == "request_started" && s.GetProperty("requestId").GetString() == requestId);
            Assert.True(started.GetProperty("sequence").GetInt64() < finished.GetProperty("sequence").GetInt64());
            Assert.Equal(200, finished.GetProperty("data").GetProperty("status").GetInt32());
        }

        var changed = signals.First(s => s.GetProperty("name").GetString() == "session_changed").GetProperty("data");
        Assert.Equal("set", changed.GetProperty("operation").GetString());
        Assert.StartsWith("concurrent-", changed.GetProperty("key").GetString());
        Assert.True(changed.GetProperty("version").GetInt64() > 0);

        static bool IsWrite(JsonElement signal, string name) => signal.GetProperty("name").GetString() == name
            && signal.GetProperty("data").GetProperty("path").GetString()!.StartsWith("/session/concurrent-");
    }

    [Fact]
    public async Task The_log_keeps_the_last_16_lifecycle_signals_and_every_other_signal_beside_them()
    {
        using var bob = cluster.Api.ClientFor("bob");
        await SignalClient.Raise(bob, "kept.custom", 1);
        for (var i = 0; i < 12; i++)
        {
            await bob.GetAsync($"/session/kept-{i}");
        }

        // 12 requests raise 24 lifecycle signals (and the test's own requests more): the newest 16 stay, with the custom one.
        var kept = await Eventually.Holds(() => SignalClient.Recent(bob, 0),
            list => list.Any(s => Is(s, "request_finished", "/session/kept-11")),
            Soon, "the last request's signals are recorded");
        var lifecycle = kept.Where(s => s.GetProperty("name").GetString() is "request_started" or "request_finished" or "got_request_exception").ToList();
        Assert.Equal(16, lifecycle.Count);
        Assert.Single(kept, s => s.GetProperty("name").GetString() == "kept.custom");
        Assert.DoesNotContain(kept, s => Enumerable.Range(0, 4).Any(i => Is(s, "request_started", $"/session/kept-{i}")));
        Assert.Equal(kept.Select(s => s.GetProperty("sequence").GetInt64()).Order(), kept.Select(s => s.GetProperty("sequence").GetInt64()));

        static bool Is(JsonElement signal, string name, string path) =>
            signal.GetProperty("name").GetString() == name && signal.GetProperty("data").GetProperty("path").GetString() == path;
    }

    [Fact]
    public async Task The_event_stream_resumes_after_Last_Event_ID_with_no_gap_and_no_duplicate()
    {
        using var alice = cluster.Api.ClientFor("alice");
        var start = await SignalClient.Last(alice);
        await using (var watch = await SignalWatch.Open(alice, $"/signals/stream?after={start}"))
        {
            Assert.Equal("text/event-stream", watch.Response.Content.Headers.ContentType?.MediaType);
            await SignalClient.Raise(alice, "resume.test", 1);
            var first = await watch.Until(e => e.Name == "resume.test");
            Assert.Equal(Enumerable.Range(0, first.Count).Select(i => start + 1 + i), first.Select(e => e.Id));
            Assert.All(first, e => Assert.Equal(e.Id, e.Signal.GetProperty("sequence").GetInt64()));
            start = first[^1].Id;
        }

        // Raised while nobody watched; then the client comes back with its last id.
        await SignalClient.Raise(alice, "resume.test", 2);
        await SignalClient.Raise(alice, "resume.test", 3);
        await using var again = await SignalWatch.Open(alice, lastEventId: $"{start}");
        await SignalClient.Raise(alice, "resume.test", 4);
        var resumed = await again.Until(e => e.Name == "resume.test" && e.Signal.GetProperty("data").GetInt32() == 4);
        Assert.Equal(Enumerable.Range(0, resumed.Count).Select(i => start + 1 + i), resumed.Select(e => e.Id));
        Assert.Equal([2, 3, 4], resumed.Where(e => e.Name == "resume.test").Select(e => e.Signal.GetProperty("data").GetInt32()));
    }

    [Fact]
    public async Task A_user_never_receives_another_users_signals()
    {
        using var alice = cluster.Api.ClientFor("alice");
        using var bob = cluster.Api.ClientFor("bob");
        await using var bobWatch = await SignalWatch.Open(bob);

        await SignalClient.Raise(alice, "private.alice", 1);
        await SignalClient.Raise(bob, "private.bob", 1);

        var seen = await bobWatch.Until(e => e.Name == "private.bob");
        Assert.All(seen, e => Assert.Equal("bob", e.Signal.GetProperty("user").GetString()));
        Assert.DoesNotContain(await SignalClient.Recent(bob, 0, limit: 1000), s => s.GetProperty("user").GetString() != "bob");
    }

    [Fact]
    public async Task A_ticket_opens_the_callers_stream_once_and_nowhere_else()
    {
        using var bob = cluster.Api.ClientFor("bob");
        using var anonymous = cluster.Api.ClientFor(null);
        var ticket = await SignalClient.Ticket(bob);

        await using (var watch = await SignalWatch.Open(anonymous, $"/signals/stream?ticket={ticket}"))
        {
            Assert.Equal(HttpStatusCode.OK, watch.Response.StatusCode);
            await SignalClient.Raise(bob, "ticket.test", 1);
            Assert.Equal("bob", (await watch.Until(e => e.Name == "ticket.test"))[^1].Signal.GetProperty("user").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/signals/stream?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/signals/recent?ticket={await SignalClient.Ticket(bob)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/signals/stream?ticket=not-a-ticket", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
    }

    [Fact]
    public async Task A_report_is_signed_once_by_the_signer_and_only_its_owner_reads_it()
    {
        using var alice = cluster.Api.ClientFor("alice");
        using var bob = cluster.Api.ClientFor("bob");

        var produced = await alice.PostAsync("/reports", Bodies.Json("""{"title":"Burger orders","week":48}"""));

        Assert.Equal(HttpStatusCode.Accepted, produced.StatusCode);
        var id = JsonDocument.Parse(await produced.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        Assert.Equal($"/reports/{id}", produced.Headers.Location?.OriginalString);
        var report = await Eventually.Holds(async () => JsonDocument.Parse(await alice.GetStringAsync($"/reports/{id}")).RootElement.Clone(),
            // Not Soon: when a silo joined the cluster a while ago (the co-hosted pass's), its durable-stream queues
            // move to it once it is mature, and a report_ready queued meanwhile waits for the new pulling agent.
            r => r.GetProperty("state").GetString() == "signed", TimeSpan.FromSeconds(60), "the signer signs the report");
        var document = report.GetProperty("document");
        Assert.Equal("Burger orders", document.GetProperty("title").GetString());
        Assert.Equal(48, document.GetProperty("fields").GetProperty("week").GetInt32());
        Assert.Equal("HMAC-SHA256", report.GetProperty("signature").GetProperty("algorithm").GetString());
        Assert.Equal(TestSigning.Sign(document.GetRawText()), report.GetProperty("signature").GetProperty("value").GetString());
        await Problems.Assert(await bob.GetAsync($"/reports/{id}"), HttpStatusCode.NotFound);
        await Problems.Assert(await alice.PostAsync("/reports", Bodies.Json("""{"week":48}""")), HttpStatusCode.BadRequest);
        Assert.Contains(await SignalClient.Recent(alice, 0, limit: 1000), s => s.GetProperty("name").GetString() == "report_ready"
            && s.GetProperty("data").GetProperty("reportId").GetString() == id);
    }

    [Fact]
    public async Task Login_sessions_raise_created_and_revoked_signals()
    {
        using var bob = cluster.Api.ClientFor("bob");
        var before = await SignalClient.Last(bob);

        var login = JsonDocument.Parse(await (await bob.PostAsync("/auth/sessions", null)).Content.ReadAsStringAsync()).RootElement;
        var id = login.GetProperty("id").GetString();
        (await bob.DeleteAsync($"/auth/sessions/{id}")).EnsureSuccessStatusCode();

        var signals = await Eventually.Holds(() => SignalClient.Recent(bob, before),
            list => list.Any(s => s.GetProperty("name").GetString() == "login_session_revoked"), Soon, "the revocation is signalled");
        Assert.Contains(signals, s => s.GetProperty("name").GetString() == "login_session_created" && s.GetProperty("data").GetProperty("id").GetString() == id);
        Assert.Contains(signals, s => s.GetProperty("name").GetString() == "login_session_revoked" && s.GetProperty("data").GetProperty("id").GetString() == id);
    }
}
