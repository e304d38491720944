using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Platform.Silo.Hosting;

/// <summary>
/// Hands a stopping silo's clients of the shared API port to the other silos before its web server stops. It
/// leaves the port's listener group at once, so the kernel sends new connections to the others; and for
/// <see cref="Period"/> it answers on every HTTP/1.1 connection with <c>Connection: close</c>, so a client's next
/// request opens a connection that reaches another silo. Without it the web server closes kept-alive connections
/// as it stops, and a request a client sends at that moment gets no answer.
/// </summary>
internal sealed partial class SharedApiPortDrain(ILogger<SharedApiPortDrain> logger) : IHostedLifecycleService, IStartupFilter
{
    /// <summary>Long enough for a busy client's next request; one idle longer meets the close as before.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    private readonly ConcurrentQueue<Socket> _listeners = new();
    private volatile bool _draining;

    /// <summary>A listener on the shared port, which the drain closes.</summary>
    public Socket Track(Socket listener)
    {
        _listeners.Enqueue(listener);
        return listener;
    }

    /// <summary>Runs before any service stops, the web server included.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        // The web server's accept loop ends quietly when its listening socket is closed under it.
        while (_listeners.TryDequeue(out var listener)) listener.Dispose();
        LogDraining(logger, Period.TotalSeconds);
        await Task.Delay(Period, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (_draining && context.Request.Protocol == "HTTP/1.1") context.Response.Headers.Connection = "close";
            return nextMiddleware(context);
        });
        next(app);
    };

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Leaving the shared API port: new connections go to the other silos, and for {Seconds} s each answer closes its connection.")]
    private static partial void LogDraining(ILogger logger, double seconds);
}
