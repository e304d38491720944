using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Platform.ApiService.Cluster;
using static Platform.ApiService.Problems.ProblemResults;
using Platform.Contracts.Signals;

namespace Platform.ApiService.Signals;

/// <summary>
/// <c>GET /signals/stream</c>: the caller's signals as Server-Sent Events (<c>id:</c> the sequence,
/// <c>event:</c> the name, <c>data:</c> the signal's JSON). It subscribes to the user's live stream first,
/// then sends what the log holds after <c>Last-Event-ID</c>, then the live signals, through a sequencer:
/// no gap, no duplicate. A client that falls <see cref="SignalOptions.StreamBuffer"/> batches behind is
/// disconnected (its EventSource reconnects and resumes from the log).
/// </summary>
public static class SignalEventStream
{
    private const string HeartbeatEvent = "heartbeat";

    public static async Task<IResult> Open(ClaimsPrincipal caller, HttpContext context, IClusterClient cluster, IOptions<SignalOptions> options,
        SignalApiMetrics metrics, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, long? after)
    {
        long? resumeAfter = after;
        if (!string.IsNullOrEmpty(lastEventId))
        {
            if (!long.TryParse(lastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return Problem(StatusCodes.Status400BadRequest, "Invalid Last-Event-ID", "Last-Event-ID is the sequence number of the last event received.");
            }

            resumeAfter = id;
        }

        if (resumeAfter < 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", "after is a sequence number (0 or more).");
        }

        var user = SignalApi.UserOf(caller);
        var log = cluster.Get<ISignalLogGrain>(user);
        var buffer = Channel.CreateBounded<SignalBatch>(new BoundedChannelOptions(options.Value.StreamBuffer) { SingleReader = true });
        var live = cluster.GetStreamProvider(SignalStreams.LiveProvider).GetStream<SignalBatch>(SignalStreams.Live(user));
        // Subscribed before the log is read, so nothing raised in between is missed.
        var subscription = await live.SubscribeAsync((batch, _) =>
        {
            if (!buffer.Writer.TryWrite(batch) && buffer.Writer.TryComplete())
            {
                // The client stopped reading: cut it off now rather than hold its signals and its subscription.
                metrics.SlowStreamClosed();
                context.Abort();
            }

            return Task.CompletedTask;
        });
        context.Response.RegisterForDisposeAsync(new Unsubscribe(subscription));
        var heartbeat = options.Value.HeartbeatInterval;
        await log.Watch(Lease(heartbeat));

        // Without a position a new watcher starts at the newest signal; so does one whose position is
        // beyond it (a log that started over, as in-memory storage does), or it would wait forever.
        var newest = (await log.Read(long.MaxValue, 0, durableOnly: false)).Last;
        var start = resumeAfter is { } position && position <= newest ? position : newest;
        var sequencer = new SignalSequencer(start, position => log.Read(position, 256, durableOnly: false).AsTask());
        return TypedResults.ServerSentEvents(Events(log, sequencer, buffer.Reader, heartbeat, context.RequestAborted));
    }

    /// <summary>How long one watch of the log lasts; the stream renews it at least every heartbeat, so three survive a slow one.</summary>
    private static TimeSpan Lease(TimeSpan heartbeat) => heartbeat * 3;

    private static async IAsyncEnumerable<SseItem<string>> Events(ISignalLogGrain log, SignalSequencer sequencer, ChannelReader<SignalBatch> batches,
        TimeSpan heartbeat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var signal in await sequencer.CatchUp())
        {
            yield return Item(signal);
        }

        var renewed = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (Stopwatch.GetElapsedTime(renewed) >= heartbeat)
            {
                await log.Watch(Lease(heartbeat));
                renewed = Stopwatch.GetTimestamp();
            }

            var (more, idle) = await Wait(batches, heartbeat, cancellationToken);
            if (idle)
            {
                // No id: a heartbeat does not move the client's Last-Event-ID. Empty data: EventSource does not dispatch it.
                yield return new SseItem<string>("", HeartbeatEvent);
                continue;
            }

            if (!more)
            {
                yield break;
            }

            while (batches.TryRead(out var batch))
            {
                foreach (var signal in await sequencer.Accept(batch))
                {
                    yield return Item(signal);
                }
            }
        }
    }

    /// <summary>Whether batches can be read (false: the stream was closed), or whether the heartbeat interval passed first.</summary>
    private static async Task<(bool More, bool Idle)> Wait(ChannelReader<SignalBatch> batches, TimeSpan heartbeat, CancellationToken cancellationToken)
    {
        using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        beat.CancelAfter(heartbeat);
        try
        {
            return (await batches.WaitToReadAsync(beat.Token), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (true, true);
        }
    }

    private static SseItem<string> Item(Signal signal) =>
        new(SignalJson.ToJson(signal), signal.Name) { EventId = signal.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private sealed class Unsubscribe(StreamSubscriptionHandle<SignalBatch> subscription) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await subscription.UnsubscribeAsync();
            }
            catch (Exception)
            {
                // The cluster may be gone; its pub-sub drops subscribers that no longer answer.
            }
        }
    }
}
