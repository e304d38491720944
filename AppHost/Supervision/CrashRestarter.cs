using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.AppHost.Supervision;

/// <summary>
/// Starts a supervised resource again when its process dies on its own: DCP leaves a dead project or
/// executable Finished. Repeated crashes wait longer each time (up to 30 s) so a broken build does not spin.
/// </summary>
public sealed partial class CrashRestarter(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    StopIntent intent,
    SupervisedInstances instances,
    IHostApplicationLifetime lifetime,
    ILogger<CrashRestarter> logger) : BackgroundService
{
    private readonly Dictionary<string, string?> _lastState = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, DateTime Last)> _crashes = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            if (!change.Resource.Annotations.OfType<RestartOnCrashAnnotation>().Any())
            {
                continue;
            }

            instances.Seen(change.ResourceId, change.Resource);
            var state = change.Snapshot.State?.Text;
            _lastState.TryGetValue(change.ResourceId, out var previous);
            _lastState[change.ResourceId] = state;
            if (state == KnownResourceStates.Running && previous != KnownResourceStates.Running)
            {
                intent.RunningAgain(change.ResourceId);
            }

            var died = previous == KnownResourceStates.Running
                && (state == KnownResourceStates.Finished || state == KnownResourceStates.Exited || state == KnownResourceStates.FailedToStart);
            if (!died || lifetime.ApplicationStopping.IsCancellationRequested || intent.WasStoppedOnPurpose(change.ResourceId))
            {
                continue;
            }

            var delay = NextDelay(change.ResourceId);
            LogRestarting(logger, change.ResourceId, change.Snapshot.ExitCode?.ToString() ?? "unknown", delay.TotalSeconds);
            _ = RestartAfter(change.ResourceId, delay, stoppingToken);
        }
    }

    private TimeSpan NextDelay(string resourceId)
    {
        var now = DateTime.UtcNow;
        var count = _crashes.TryGetValue(resourceId, out var crashes) && now - crashes.Last < TimeSpan.FromMinutes(1) ? crashes.Count + 1 : 0;
        _crashes[resourceId] = (count, now);
        return TimeSpan.FromSeconds(Math.Min(30, count == 0 ? 0 : Math.Pow(2, count - 1)));
    }

    private async Task RestartAfter(string resourceId, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            if (intent.WasStoppedOnPurpose(resourceId))
            {
                return;
            }

            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, cancellationToken);
            if (!result.Success)
            {
                LogRestartFailed(logger, resourceId, result.Message ?? "no reason given");
                return;
            }

            await foreach (var change in notifications.WatchAsync(cancellationToken))
            {
                if (change.ResourceId == resourceId && change.Snapshot.State?.Text == KnownResourceStates.Running
                    && ServiceProcess.Of(change.Snapshot, change.Resource) is { } pid)
                {
                    LogRestarted(logger, resourceId, pid);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The app host is stopping.
        }
        catch (Exception exception)
        {
            LogRestartFailed(logger, resourceId, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} exited on its own (exit code {ExitCode}); starting it again in {Seconds} s.")]
    private static partial void LogRestarting(ILogger logger, string resource, string exitCode, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} is running again as pid {Pid}.")]
    private static partial void LogRestarted(ILogger logger, string resource, int pid);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Resource} could not be started again: {Reason}")]
    private static partial void LogRestartFailed(ILogger logger, string resource, string reason);
}
