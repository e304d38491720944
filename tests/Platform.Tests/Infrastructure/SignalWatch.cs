using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;

namespace Platform.Tests.Infrastructure;

/// <summary>A client of <c>GET /signals/stream</c>, as an application would write one: it reads events as they come.</summary>
public sealed class SignalWatch : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseItem<string>> _events = Channel.CreateUnbounded<SseItem<string>>();
    private readonly Task _reading;

    private SignalWatch(HttpResponseMessage response)
    {
        _response = response;
        _reading = Read();
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SignalWatch> Open(HttpClient client, string path = "/signals/stream", string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            // Not a stream: say what came instead.
            throw new HttpRequestException($"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {await response.Content.ReadAsStringAsync()}");
        }

        return new SignalWatch(response);
    }

    /// <summary>The next event of a signal (heartbeats skipped), or a timeout.</summary>
    public async Task<(long Id, string Name, JsonElement Signal)> Next(TimeSpan? limit = null)
    {
        while (true)
        {
            var item = await NextItem(limit);
            if (item.EventType != "heartbeat")
            {
                return (long.Parse(item.EventId!), item.EventType, JsonDocument.Parse(item.Data).RootElement.Clone());
            }
        }
    }

    /// <summary>The next event of any kind, heartbeats included.</summary>
    public async Task<SseItem<string>> NextItem(TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(15));
        return await _events.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Events until the one that <paramref name="last"/> accepts, in the order they came.</summary>
    public async Task<List<(long Id, string Name, JsonElement Signal)>> Until(Func<(long Id, string Name, JsonElement Signal), bool> last)
    {
        var seen = new List<(long, string, JsonElement)>();
        while (true)
        {
            var next = await Next();
            seen.Add(next);
            if (last(next)) return seen;
        }
    }

    /// <summary>Whether the server ended the stream.</summary>
    public async Task<bool> Ended(TimeSpan limit)
    {
        var completed = await Task.WhenAny(_reading, Task.Delay(limit));
        return completed == _reading;
    }

    private async Task Read()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
            {
                await _events.Writer.WriteAsync(item);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
            // Closed by either side.
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _response.Dispose();
        _stop.Dispose();
    }
}
