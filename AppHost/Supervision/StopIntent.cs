using System.Collections.Concurrent;

namespace Platform.AppHost.Supervision;

/// <summary>
/// Which resource instances were stopped on purpose (from the dashboard, a resource command, or
/// shutdown) and so must stay stopped; every other exit of a supervised resource is a crash.
/// </summary>
/// <remarks>
/// The restarter reads resource changes from its own queue and can be behind: a rolling restart may already
/// have started a silo again when the restarter reaches that silo's exit. So a start does not forget the stop;
/// the stop is forgotten once the restarter has seen the resource running again after the exit.
/// </remarks>
public sealed class StopIntent
{
    private enum Phase { Stopped, StartAsked }

    private readonly ConcurrentDictionary<string, Phase> _stops = new(StringComparer.Ordinal);

    public void Stopping(string resourceId) => _stops[resourceId] = Phase.Stopped;

    public void Starting(string resourceId) => _stops.TryUpdate(resourceId, Phase.StartAsked, Phase.Stopped);

    /// <summary>A stop that did not happen (the process could not be signalled): a later exit is a crash again.</summary>
    public void StopAbandoned(string resourceId) => _stops.TryRemove(resourceId, out _);

    public bool WasStoppedOnPurpose(string resourceId) => _stops.ContainsKey(resourceId);

    /// <summary>Called by the restarter when it sees the resource running again after an exit.</summary>
    public void RunningAgain(string resourceId) =>
        _stops.TryRemove(new KeyValuePair<string, Phase>(resourceId, Phase.StartAsked));

    /// <summary>
    /// Wraps the lifecycle commands that DCP adds to a resource, so that a stop or restart asked for
    /// by a user is told apart from a crash.
    /// </summary>
    public void Observe(IResource resource)
    {
        foreach (var command in resource.Annotations.OfType<ResourceCommandAnnotation>().ToList())
        {
            var name = command.Name;
            Action<string>? before =
                name == KnownResourceCommands.StopCommand ? Stopping
                : name == KnownResourceCommands.StartCommand ? Starting
                // A restart starts the resource inside the command: it may run again before the command returns.
                : name == KnownResourceCommands.RestartCommand ? id => { Stopping(id); Starting(id); }
                : null;
            if (before is null)
            {
                continue;
            }

            resource.Annotations.Remove(command);
            resource.Annotations.Add(new ResourceCommandAnnotation(command.Name, command.DisplayName, command.UpdateState,
                context =>
                {
                    before(context.ResourceName);
                    return command.ExecuteCommand(context);
                },
                command.DisplayDescription, command.Arguments, command.ConfirmationMessage, command.IconName, command.IconVariant,
                command.IsHighlighted, command.Visibility, command.ValidateArguments));
        }
    }
}
