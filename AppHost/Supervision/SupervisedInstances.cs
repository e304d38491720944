using System.Collections.Concurrent;

namespace Platform.AppHost.Supervision;

/// <summary>
/// The instance ids (one per replica) of each supervised resource, as resource notifications name them:
/// Aspire does not expose a resource's replica names otherwise.
/// </summary>
public sealed class SupervisedInstances
{
    private readonly ConcurrentDictionary<string, IResource> _instances = new(StringComparer.Ordinal);

    public void Seen(string resourceId, IResource resource) => _instances.TryAdd(resourceId, resource);

    public IReadOnlyList<string> Of(IEnumerable<IResource> resources)
    {
        var wanted = resources.ToHashSet();
        return _instances.Where(pair => wanted.Contains(pair.Value)).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
    }
}
