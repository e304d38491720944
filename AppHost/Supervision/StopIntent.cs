using System.Collections.Concurrent;

namespace Platform.AppHost.Supervision;

/// <summary>
/// Which resource instances were stopped on purpose (from the dashboard, a resource command, or
/// shutdown) and so must stay stopped; every other exit of a supervised resource is a crash.
/// </summary>
public sealed class StopIntent
{
    private readonly ConcurrentDictionary<string, bool> _stopped = new(StringComparer.Ordinal);

    public void Stopping(string resourceId) => _stopped[resourceId] = true;

    public void Starting(string resourceId) => _stopped.TryRemove(resourceId, out _);

    public bool WasStoppedOnPurpose(string resourceId) => _stopped.ContainsKey(resourceId);

    /// <summary>
    /// Wraps the lifecycle commands that DCP adds to a resource, so that a stop or restart asked for
    /// by a user is told apart from a crash.
    /// </summary>
    public void Observe(IResource resource)
    {
        foreach (var command in resource.Annotations.OfType<ResourceCommandAnnotation>().ToList())
        {
            Func<string, Task>? before =
                command.Name == KnownResourceCommands.StopCommand || command.Name == KnownResourceCommands.RestartCommand
                    ? id => { Stopping(id); return Task.CompletedTask; }
                    : command.Name == KnownResourceCommands.StartCommand
                        ? id => { Starting(id); return Task.CompletedTask; }
                        : null;
            if (before is null)
            {
                continue;
            }

            var restart = command.Name == KnownResourceCommands.RestartCommand;
            resource.Annotations.Remove(command);
            resource.Annotations.Add(new ResourceCommandAnnotation(command.Name, command.DisplayName, command.UpdateState,
                async context =>
                {
                    await before(context.ResourceName);
                    var result = await command.ExecuteCommand(context);
                    if (restart)
                    {
                        Starting(context.ResourceName);
                    }

                    return result;
                },
                command.DisplayDescription, command.Arguments, command.ConfirmationMessage, command.IconName, command.IconVariant,
                command.IsHighlighted, command.Visibility, command.ValidateArguments));
        }
    }
}
