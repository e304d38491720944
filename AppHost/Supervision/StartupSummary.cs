using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Platform.AppHost.Supervision;

/// <summary>
/// Once every resource of the platform is healthy, prints what runs where: each resource instance, the
/// pid of the process that serves it, and its URLs. The dashboard shows the same, live.
/// </summary>
public sealed class StartupSummary(ResourceNotificationService notifications, DistributedApplicationModel model) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var latest = new Dictionary<string, ResourceEvent>(StringComparer.Ordinal);
        var expected = model.Resources.Where(IsPlatform).Sum(Replicas);
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            if (!IsPlatform(change.Resource))
            {
                continue;
            }

            latest[change.ResourceId] = change;
            if (latest.Count >= expected && latest.Values.All(e => e.Snapshot.HealthStatus == HealthStatus.Healthy))
            {
                Print(latest.Values.OrderBy(e => e.Resource.Annotations.OfType<StopOrderAnnotation>().First().Order, Comparer<int>.Create((a, b) => b.CompareTo(a)))
                    .ThenBy(e => e.ResourceId, StringComparer.Ordinal));
                return;
            }
        }
    }

    private static bool IsPlatform(IResource resource) => resource.Annotations.OfType<StopOrderAnnotation>().Any();

    private static int Replicas(IResource resource) => resource.Annotations.OfType<ReplicaAnnotation>().FirstOrDefault()?.Replicas ?? 1;

    private static void Print(IEnumerable<ResourceEvent> resources)
    {
        var rows = resources.Select(e => new[]
        {
            Replicas(e.Resource) > 1 ? e.ResourceId : e.Resource.Name,
            ServiceProcess.Of(e.Snapshot, e.Resource)?.ToString() ?? "-",
            Urls(e),
        }).Prepend(["RESOURCE", "PID", "URLS"]).ToList();
        var widths = Enumerable.Range(0, 2).Select(column => rows.Max(row => row[column].Length)).ToArray();
        Console.WriteLine();
        Console.WriteLine("The platform is running:");
        foreach (var row in rows)
        {
            Console.WriteLine($"  {row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2]}");
        }

        Console.WriteLine("Press Ctrl+C to stop it.");
        Console.WriteLine();
    }

    /// <summary>Web pages where a resource has them (the silos' Orleans ports are for Orleans only), else its endpoints (Redis).</summary>
    private static string Urls(ResourceEvent resource)
    {
        var urls = resource.Snapshot.Urls.Where(url => !url.IsInternal).Select(url => url.Url).ToList();
        var web = urls.Where(url => url.StartsWith("http", StringComparison.Ordinal)).ToList();
        return string.Join(" ", web.Count > 0 ? web : urls);
    }
}
