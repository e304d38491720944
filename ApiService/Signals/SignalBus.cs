using System.Collections.Immutable;
using Platform.Contracts.Signals;

namespace Platform.ApiService.Signals;

/// <summary>An in-process handler of one signal name. It runs inline, on the request that raised the signal: keep it short.</summary>
public delegate ValueTask SignalHandler(SignalDraft signal, CancellationToken cancellationToken);

/// <summary>A handler registered at startup (<see cref="SignalExtensions.AddSignalHandler"/>).</summary>
public sealed record SignalHandlerRegistration(string Name, SignalHandler Handler);

/// <summary>
/// In-process subscribers, as blinker's receivers but with a stated order: handlers of a name run one
/// after another in the order they were registered (startup registrations first, then <see cref="Connect"/>
/// calls). A handler that throws is logged and counted; the ones after it still run, and the request
/// that raised the signal still succeeds.
/// </summary>
public sealed partial class SignalBus(IEnumerable<SignalHandlerRegistration> registrations, SignalApiMetrics metrics, ILogger<SignalBus> logger)
{
    private ImmutableDictionary<string, ImmutableList<SignalHandler>> _handlers = registrations
        .GroupBy(registration => registration.Name, StringComparer.Ordinal)
        .ToImmutableDictionary(group => group.Key, group => group.Select(registration => registration.Handler).ToImmutableList(), StringComparer.Ordinal);

    /// <summary>Adds a handler after those already there; disposing the result removes it.</summary>
    public IDisposable Connect(string name, SignalHandler handler)
    {
        ImmutableInterlocked.AddOrUpdate(ref _handlers, name, [handler], (_, existing) => existing.Add(handler));
        return new Connection(() => ImmutableInterlocked.AddOrUpdate(ref _handlers, name, [], (_, existing) => existing.Remove(handler)));
    }

    public async ValueTask Send(SignalDraft signal, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(signal.Name, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers)
        {
            try
            {
                await handler(signal, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                metrics.HandlerFailed(signal.Name);
                LogHandlerFailed(logger, exception, signal.Name, signal.RequestId);
            }
        }
    }

    private sealed class Connection(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) remove();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler of signal {Name} failed (request {RequestId}); the other handlers ran.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string name, string? requestId);
}
