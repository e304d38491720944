extern alias AppHostAssembly;

using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using AppHostOptions = AppHostAssembly::Platform.AppHost.PlatformOptions;
using ServiceProcess = AppHostAssembly::Platform.AppHost.Supervision.ServiceProcess;
using StopOrderAnnotation = AppHostAssembly::Platform.AppHost.Supervision.StopOrderAnnotation;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// The real app host, started through Aspire.Hosting.Testing (DCP runs Redis, Azurite, the silos and
/// the API as processes; the dashboard is off), on its own data folder and API port.
/// </summary>
public sealed class AppHostUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(180);

    private AppHostUnderTest(DistributedApplication app, int apiPort, CapturedLogs logs)
    {
        App = app;
        ApiPort = apiPort;
        Logs = logs;
    }

    public DistributedApplication App { get; }

    public int ApiPort { get; }

    public CapturedLogs Logs { get; }

    public Uri Api => new($"http://127.0.0.1:{ApiPort}");

    public ResourceNotificationService Notifications => App.Services.GetRequiredService<ResourceNotificationService>();

    public ResourceCommandService Commands => App.Services.GetRequiredService<ResourceCommandService>();

    public static async Task<AppHostUnderTest> Start(string dataDirectory, params string[] options)
    {
        var apiPort = FreePort.NextRun(4);
        var logs = new CapturedLogs();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(typeof(AppHostOptions),
            // Ports as a user gets them: the API on the port asked for, Redis and Azurite where they listen.
            ["--DcpPublisher:RandomizePorts=false", "--Logging:LogLevel:Platform.AppHost=Debug", "--data-dir", dataDirectory, "--api-port", $"{apiPort}",
                // A key the tests know, so they can check signatures (and no user secret is written).
                $"--Parameters:report-signing-key={TestSigning.Key}", .. options]);
        builder.Services.AddLogging(logging => logging.AddProvider(logs));
        var app = await builder.BuildAsync();
        var host = new AppHostUnderTest(app, apiPort, logs) { _earlier = PlatformProcesses.Live() };
        host._tracking = host.Track(host._stopping.Token);
        try
        {
            using var limit = new CancellationTokenSource(StartLimit);
            await app.StartAsync(limit.Token);
            // By name first (any replica), by which time every replica has an id; then each instance.
            foreach (var resource in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Where(IsPlatformResource))
            {
                await host.Notifications.WaitForResourceHealthyAsync(resource.Name, limit.Token);
            }

            foreach (var resourceId in host.ResourceIds())
            {
                await host.WaitFor(resourceId, state => state.Snapshot.HealthStatus == HealthStatus.Healthy, StartLimit);
            }
        }
        catch (OperationCanceledException timedOut)
        {
            // What each resource was doing and what the orchestration said last: a start that hangs must say where.
            var report = host.StartReport();
            await host.DisposeAsync();
            throw new TimeoutException($"The platform did not start within {StartLimit.TotalSeconds:0}s.\n{report}", timedOut);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    private string StartReport()
    {
        var states = _ids.Keys.Order().Select(id => Notifications.TryGetCurrentState(id, out var state)
            ? $"{id}: {state.Snapshot.State?.Text} health={state.Snapshot.HealthStatus?.ToString() ?? "-"}" : $"{id}: no state");
        var lastLogs = Logs.Entries.TakeLast(60).Select(entry => $"{entry.Level} {entry.Category}: {entry.Message}");
        return $"Resources:\n{string.Join("\n", states)}\nLast log entries:\n{string.Join("\n", lastLogs)}";
    }

    /// <summary>Every resource instance the app host runs (each replica of a replicated resource).</summary>
    public IReadOnlyList<string> ResourceIds() =>
        _ids.Where(pair => IsPlatformResource(pair.Value)).Select(pair => pair.Key).Order().ToList();

    /// <summary>The platform's own processes, not the helpers Aspire adds (such as a project's rebuilder).</summary>
    private static bool IsPlatformResource(IResource resource) => resource.Annotations.OfType<StopOrderAnnotation>().Any();

    /// <summary>Every silo's id: replicas of <c>silo</c> (separate topology) or <c>silo-0</c>, <c>silo-1</c>, … (co-hosted, all sharing <see cref="ApiPort"/>).</summary>
    public IReadOnlyList<string> SiloIds() =>
        _ids.Where(pair => IsPlatformResource(pair.Value) && (pair.Value.Name == "silo" || pair.Value.Name.StartsWith("silo-", StringComparison.Ordinal)))
            .OrderBy(pair => pair.Value.Name, StringComparer.Ordinal).ThenBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key).ToList();

    public IReadOnlyList<string> ResourceIds(string resourceName) =>
        _ids.Where(pair => pair.Value.Name == resourceName).Select(pair => pair.Key).Order().ToList();

    public ResourceEvent State(string resourceId) =>
        Notifications.TryGetCurrentState(resourceId, out var state) ? state : throw new InvalidOperationException($"No resource {resourceId}.");

    /// <summary>Waits for a resource instance to reach a state that <paramref name="predicate"/> accepts.</summary>
    public async Task<ResourceEvent> WaitFor(string resourceId, Func<ResourceEvent, bool> predicate, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            // Aspire's own waits match resource names, which every replica shares; this matches one instance.
            await foreach (var change in Notifications.WatchAsync(timeout.Token))
            {
                if (change.ResourceId == resourceId && predicate(change))
                {
                    return change;
                }
            }

            throw new InvalidOperationException("The app host stopped.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{resourceId} did not reach the expected state within {limit.TotalSeconds:0}s; it is {State(resourceId).Snapshot.State?.Text}.");
        }
    }

    /// <summary>
    /// The process that serves a resource, as the app host's table shows it: not the <c>dotnet run</c> wrapper
    /// whose pid Aspire reports (killing only that would orphan the service), but the service under it.
    /// </summary>
    public int ServicePid(string resourceId) => ServiceProcess.Of(State(resourceId)) ?? 0;

    /// <summary>Waits until the app host has started a resource again after its process <paramref name="ended"/> ended: running, healthy, another process.</summary>
    public async Task WaitUntilStartedAgain(string resourceId, int ended, TimeSpan limit)
    {
        // First the end: until the orchestrator notices it, the resource still shows Running and healthy.
        await WaitFor(resourceId, state => state.Snapshot.State?.Text != "Running", limit);
        await WaitFor(resourceId, state => ServicePid(resourceId) is var pid && pid != 0 && pid != ended
            && state.Snapshot.State?.Text == "Running" && state.Snapshot.HealthStatus == HealthStatus.Healthy, limit);
    }

    /// <summary>
    /// Waits until the API's health lists two active silos: no more (a killed silo's old incarnation stays listed a
    /// while) and no fewer (a restarted one has joined).
    /// </summary>
    public async Task UntilTwoSilosActive(TimeSpan limit, string what)
    {
        using var client = Client();
        await Eventually.Holds(() => client.GetStringAsync("/health"), health => health.Contains("2 active silo(s)"), limit, what);
    }

    /// <summary>Kills the process serving the resource (a crash) and returns its pid. Never pid 0: to kill() that is the test's own process group.</summary>
    public int KillService(string resourceId) => SignalService(resourceId, signal: 9);

    /// <summary>Sends the process serving the resource SIGTERM (a graceful stop, as <c>kill -TERM</c>) and returns its pid.</summary>
    public int StopService(string resourceId) => SignalService(resourceId, signal: 15);

    private int SignalService(string resourceId, int signal)
    {
        var pid = ServicePid(resourceId);
        if (pid <= 0) throw new InvalidOperationException($"{resourceId} has no process to signal.");
        ChildProcess.Signal(pid, signal);
        return pid;
    }

    public HttpClient Client(string user = "alice")
    {
        var client = new HttpClient { BaseAddress = Api, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = ApiFactory.Basic(user, "password");
        return client;
    }

    private readonly CancellationTokenSource _stopping = new();
    private Task _tracking = Task.CompletedTask;

    /// <summary>What earlier app hosts of this test run may still be cleaning up; not this one's.</summary>
    private IReadOnlyList<int> _earlier = [];

    /// <summary>The processes of the platform seen while it ran (DCP detaches, so they cannot all be found once it stops).</summary>
    public IReadOnlyList<int> Processes { get; private set; } = [];

    /// <summary>Stops the platform, then gives its processes (DCP cleans up after the app host returns) a minute to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        Processes = PlatformProcesses.Live().Except(_earlier).ToList();
        await App.StopAsync();
        await _stopping.CancelAsync();
        await _tracking;
        await App.DisposeAsync();
        _stopping.Dispose();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Processes.Any(ChildProcess.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(Eventually.PollInterval);
        }
    }

    private readonly ConcurrentDictionary<string, IResource> _ids = new(StringComparer.Ordinal);

    /// <summary>Records every resource instance (replicas have their own ids) as its first state arrives.</summary>
    private async Task Track(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in Notifications.WatchAsync(cancellationToken))
            {
                _ids.TryAdd(change.ResourceId, change.Resource);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}

/// <summary>What a host logged, with the values of the scopes each line was written in, for asserting on it.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope)> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope)> Entries => _entries.ToList();

    /// <summary>Lines of the platform's own processes (their console logs) at warning level or worse, or with an exception.</summary>
    public IReadOnlyList<string> ResourceProblems => ResourceProblemsSince(0);

    /// <summary><see cref="ResourceProblems"/> logged after the first <paramref name="entries"/> entries.</summary>
    public IReadOnlyList<string> ResourceProblemsSince(int entries) => Entries.Skip(entries)
        .Where(entry => entry.Category.StartsWith("Platform.AppHost.Resources.", StringComparison.Ordinal))
        .Select(entry => System.Text.RegularExpressions.Regex.Replace(entry.Message, @"\x1B\[[0-9;]*m", ""))
        .Where(line => line.Contains("warn:", StringComparison.Ordinal) || line.Contains("fail:", StringComparison.Ordinal)
            || line.Contains("crit:", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal))
        .ToList();

    /// <summary>What the app host's supervision and Aspire's orchestration said, for failure messages.</summary>
    public string Supervision => string.Join("\n", Entries
        .Where(entry => entry.Category.StartsWith("Platform.AppHost.Supervision", StringComparison.Ordinal) || entry.Category.StartsWith("Aspire.Hosting.Dcp", StringComparison.Ordinal))
        .Select(entry => $"{entry.Level} {entry.Category}: {entry.Message}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var scope = new Dictionary<string, object?>();
                logs._scopes.ForEachScope((value, values) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                    {
                        foreach (var (key, item) in pairs) values[key] = item;
                    }
                }, scope);
                logs._entries.Enqueue((category, logLevel, formatter(state, exception), scope));
            }
        }
    }
}
