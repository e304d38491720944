using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.AppHost.Supervision;

/// <summary>
/// On Ctrl+C, stops the resources in their stop order before DCP tears down the rest: a silo whose
/// Redis is already gone can take over a minute to stop, and an API without silos answers 503s.
/// Registered after Aspire's own services, so the host stops it first.
/// </summary>
public sealed partial class OrderedShutdown(
    DistributedApplicationModel model,
    ResourceCommandService commands,
    ILogger<OrderedShutdown> logger) : IHostedService
{
    private static readonly TimeSpan GroupLimit = TimeSpan.FromSeconds(45);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private int _stopped;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host can be stopped twice (stop, then dispose); the resources are gone after the first.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        var groups = model.Resources
            .Select(resource => (Resource: resource, Order: resource.Annotations.OfType<StopOrderAnnotation>().FirstOrDefault()?.Order))
            .Where(entry => entry.Order is not null)
            .GroupBy(entry => entry.Order!.Value, entry => entry.Resource)
            .OrderBy(group => group.Key);
        foreach (var group in groups)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(GroupLimit);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await Task.WhenAll(group.Select(resource => Stop(resource, limit.Token)));
            LogStopped(logger, string.Join(", ", group.Select(resource => resource.Name)), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task Stop(IResource resource, CancellationToken cancellationToken)
    {
        try
        {
            var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
            if (!result.Success)
            {
                LogStopFailed(logger, resource.Name, result.Message ?? "no reason given");
            }
        }
        catch (OperationCanceledException)
        {
            LogStopFailed(logger, resource.Name, $"did not stop within {GroupLimit.TotalSeconds:0} s");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopped {Resources} in {Milliseconds:0} ms.")]
    private static partial void LogStopped(ILogger logger, string resources, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping {Resource} in order failed ({Reason}); Aspire stops what is left.")]
    private static partial void LogStopFailed(ILogger logger, string resource, string reason);
}
