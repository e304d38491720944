using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Platform.AppHost.Supervision;

/// <summary>
/// A command on every silo's row in the dashboard that restarts all silos one at a time, as a rolling upgrade
/// does: each is stopped gracefully (SIGTERM to the silo's own process, so Orleans hands its grains over and
/// leaves the cluster), started again, and healthy (then given a few seconds to be known) before the next one stops.
/// </summary>
public static partial class RollingRestart
{
    public const string CommandName = "rolling-restart";

    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(2);

    /// <summary>
    /// After a silo is healthy again, before the next one stops. The API clients read gateways from membership every
    /// 5 s, but a gateway they failed to reach while it restarted (same address) stays marked dead until a refresh
    /// 5 s after the last failed attempt. The other silos also learn the new one's grain types as their cluster
    /// manifests update. With 10 s, some runs still saw clients with no gateway once the next silo stopped.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    public static IReadOnlyList<IResourceBuilder<ProjectResource>> WithRollingRestart(this IEnumerable<IResourceBuilder<ProjectResource>> builders)
    {
        var silos = builders.ToList();
        var resources = silos.Select(silo => silo.Resource).ToList();
        foreach (var silo in silos)
        {
            silo.WithCommand(CommandName, "Rolling restart (all silos)", context => RestartAll(context, resources), new CommandOptions
            {
                Description = "Stops each silo gracefully and starts it again, one at a time, waiting until it is healthy before the next.",
                ConfirmationMessage = "Restart every silo, one at a time?",
                IconName = "ArrowSync",
                UpdateState = context => context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
            });
        }

        return silos;
    }

    private static async Task<ExecuteCommandResult> RestartAll(ExecuteCommandContext context, IReadOnlyList<ProjectResource> silos)
    {
        var services = context.Services;
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var commands = services.GetRequiredService<ResourceCommandService>();
        var intent = services.GetRequiredService<StopIntent>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RollingRestart).FullName!);
        var ids = services.GetRequiredService<SupervisedInstances>().Of(silos);
        foreach (var id in ids)
        {
            if (!notifications.TryGetCurrentState(id, out var current) || ServiceProcess.Of(current) is not { } pid)
            {
                return CommandResults.Failure($"{id} is not running; start it first.");
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            limit.CancelAfter(StepLimit);
            LogStopping(logger, id, pid);
            intent.Stopping(id);
            if (Terminate(pid) != 0)
            {
                intent.StopAbandoned(id);
                return CommandResults.Failure($"{id} (pid {pid}) could not be signalled.");
            }

            await WaitFor(notifications, id, state => state.Snapshot.State?.Text is "Finished" or "Exited", limit.Token);
            var startedAt = DateTime.UtcNow;
            var started = await commands.ExecuteCommandAsync(id, KnownResourceCommands.StartCommand, limit.Token);
            if (!started.Success)
            {
                return CommandResults.Failure($"{id} could not be started again: {started.Message}");
            }

            // Health checked since the start: until its first check, a started resource can still show the old health.
            var running = await WaitFor(notifications, id, state =>
                state.Snapshot.State?.Text == KnownResourceStates.Running && state.Snapshot.HealthStatus == HealthStatus.Healthy
                && state.Snapshot.HealthReports.Length > 0 && state.Snapshot.HealthReports.All(report => report.LastRunAt > startedAt), limit.Token);
            LogRestarted(logger, id, ServiceProcess.Of(running) ?? 0);
            await Task.Delay(Settle, context.CancellationToken);
        }

        return CommandResults.Success();
    }

    /// <summary>The first state of one instance that <paramref name="reached"/> accepts (Aspire's own waits match a resource's name, which replicas share).</summary>
    private static async Task<ResourceEvent> WaitFor(ResourceNotificationService notifications, string resourceId, Func<ResourceEvent, bool> reached,
        CancellationToken cancellationToken)
    {
        await foreach (var change in notifications.WatchAsync(cancellationToken))
        {
            if (change.ResourceId == resourceId && reached(change))
            {
                return change;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>SIGTERM: the service stops as it would on a platform's stop, not killed.</summary>
    private static int Terminate(int pid) => Kill(pid, 15);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rolling restart: stopping {Resource} (pid {Pid}) gracefully.")]
    private static partial void LogStopping(ILogger logger, string resource, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rolling restart: {Resource} is healthy again as pid {Pid}.")]
    private static partial void LogRestarted(ILogger logger, string resource, int pid);
}
