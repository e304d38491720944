using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Signals;
using Platform.Tests.Infrastructure;
using ApiAssembly = Platform.ApiService.Signals;

namespace Platform.Tests.Signals;

/// <summary>In-process handlers, heartbeats and exception signals, on an API of their own.</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class SignalHandlerTests(SessionCluster cluster)
{
    [Fact]
    public async Task Handlers_run_in_registration_order_and_a_failing_one_is_isolated()
    {
        var calls = new ConcurrentQueue<string>();
        await using var api = new ApiFactory(cluster.ApiSettings, configure: builder => builder.ConfigureServices(services => services
            .AddSignalHandlerForTest("first", calls)
            .AddSingleton(new ApiAssembly.SignalHandlerRegistration("handler.test", (_, _) => throw new InvalidOperationException("handler fails")))
            .AddSignalHandlerForTest("third", calls)));
        using var alice = api.ClientFor("alice");

        var response = await alice.PostAsync("/signals/handler.test", Bodies.Json("1"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["first", "third"], calls);
    }

    [Fact]
    public async Task An_idle_event_stream_gets_heartbeats_that_do_not_move_its_position()
    {
        await using var api = new ApiFactory(cluster.ApiSettings.Append(new("Signals:HeartbeatInterval", "00:00:00.200")).ToDictionary());
        using var bob = api.ClientFor("bob");
        await using var watch = await SignalWatch.Open(bob);

        // The stream's own request_started may come first; then, with nothing to send, heartbeats.
        var beat = await watch.NextItem();
        while (beat.EventType != "heartbeat")
        {
            Assert.NotNull(beat.EventId);
            beat = await watch.NextItem();
        }

        Assert.Null(beat.EventId);
        Assert.Equal("", beat.Data);
    }

    [Fact]
    public async Task A_request_that_throws_raises_got_request_exception_with_the_problems_id_and_no_stack_trace_even_in_development()
    {
        await using var api = new ApiFactory(cluster.ApiSettings, "Development", builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, CrashAtTheEnd>()));
        using var bob = api.ClientFor("bob");
        var before = await SignalClient.Last(bob);

        var problem = await Problems.Assert(await bob.GetAsync("/crash"), HttpStatusCode.InternalServerError);

        var signals = await Eventually.Holds(async () => (await SignalClient.Recent(bob, before))
                .Where(s => s.GetProperty("data").TryGetProperty("path", out var path) && path.GetString() == "/crash").ToList(),
            list => list.Any(s => s.GetProperty("name").GetString() == SignalNames.GotRequestException)
                && list.Any(s => s.GetProperty("name").GetString() == SignalNames.RequestFinished), TimeSpan.FromSeconds(15), "the crash is signalled");
        var crash = signals.Single(s => s.GetProperty("name").GetString() == SignalNames.GotRequestException).GetProperty("data");
        Assert.Equal(typeof(InvalidOperationException).FullName, crash.GetProperty("exception").GetString());
        Assert.Equal(problem.GetProperty("traceId").GetString(), crash.GetProperty("problemId").GetString());
        Assert.DoesNotContain("   at ", crash.GetRawText());
        Assert.Equal(500, signals.Single(s => s.GetProperty("name").GetString() == SignalNames.RequestFinished).GetProperty("data").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_client_that_stops_reading_its_event_stream_is_disconnected()
    {
        using var closed = new CounterTotal("platform.signals.slow_streams_closed");
        await using var api = new ApiFactory(cluster.ApiSettings.Append(new("Signals:StreamBuffer", "2")).ToDictionary());
        using var bob = api.ClientFor("bob");
        using var response = await bob.GetAsync("/signals/stream", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        // Never read: signals pile up in the sockets' and the server's write buffers, then in the stream's own, which is full at
        // 2 batches. How much the kernel buffers varies with the machine and its load, so signals go on until the server cuts.
        var bulk = $"\"{new string('x', 8 * 1024)}\"";
        for (var i = 0; i < 500 && closed.Value == 0; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await bob.PostAsync("/signals/bulk", Bodies.Json(bulk))).StatusCode);
        }

        Assert.True(closed.Value > 0, "the server cut off the stream of a client that does not read");

        // What was written before the cut can still be read; then the stream breaks off instead of waiting forever.
        var ended = await Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (await body.ReadAsync(buffer) > 0)
                {
                }

                return true;
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException)
            {
                return true;
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(ended);
    }

    [Fact]
    public async Task A_full_outbox_drops_lifecycle_signals_and_counts_them_without_slowing_requests_or_leaving_gaps()
    {
        using var dropped = new CounterTotal("platform.signals.dropped");
        // A tiny buffer that is emptied only every 2 seconds.
        await using var api = new ApiFactory(cluster.ApiSettings
            .Append(new("Signals:OutboxCapacity", "16")).Append(new("Signals:OutboxInterval", "00:00:02")).ToDictionary());
        using var alice = api.ClientFor("alice");
        var before = await SignalClient.Last(alice);

        var reads = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => alice.GetAsync("/session")));

        Assert.All(reads, read => Assert.Equal(HttpStatusCode.OK, read.StatusCode));
        Assert.True(dropped.Value > 0, "some lifecycle signals were dropped and counted");
        var kept = await Eventually.Holds(() => SignalClient.Recent(alice, before), list => list.Count >= 16, TimeSpan.FromSeconds(15),
            "the signals that fit are recorded");
        // Dropped signals took no number: what is kept is numbered without a gap (the log keeps the newest 16 lifecycle signals).
        Assert.Equal(Enumerable.Range(0, kept.Count).Select(i => kept[0].GetProperty("sequence").GetInt64() + i), kept.Select(s => s.GetProperty("sequence").GetInt64()));
    }

    private sealed class CrashAtTheEnd : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/crash", crash => crash.Run(_ => throw new InvalidOperationException("boom")));
        };
    }
}

internal static class SignalHandlerTestExtensions
{
    public static IServiceCollection AddSignalHandlerForTest(this IServiceCollection services, string label, ConcurrentQueue<string> calls) =>
        ApiAssembly.SignalExtensions.AddSignalHandler(services, "handler.test", (_, _) =>
        {
            calls.Enqueue(label);
            return ValueTask.CompletedTask;
        });
}
