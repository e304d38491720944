using System.Text.RegularExpressions;

namespace Platform.Tests.Infrastructure;

/// <summary>The app host binary, run as a user runs it, and the table of processes it prints.</summary>
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private AppHostProcess(ChildProcess process, int apiPort)
    {
        Process = process;
        ApiPort = apiPort;
    }

    public ChildProcess Process { get; }

    public int ApiPort { get; }

    public Uri Api => new($"http://127.0.0.1:{ApiPort}");

    /// <summary>Resource name to pid, from the printed table.</summary>
    public Dictionary<string, int> Pids { get; } = [];

    public static async Task<AppHostProcess> Start(string dataDirectory, params string[] options)
    {
        // Room for --api-instances, which takes the ports after this one.
        var apiPort = FreePort.NextRun(4);
        var process = ChildProcess.Start("dotnet",
            [Repository.Built("AppHost", "Platform.AppHost.dll"), "--api-port", $"{apiPort}", "--data-dir", dataDirectory, .. options]);
        var host = new AppHostProcess(process, apiPort);
        await process.WaitForLine(line => line.Contains("The platform is running"), TimeSpan.FromSeconds(180));
        foreach (var line in process.Lines)
        {
            if (TableRow().Match(line) is { Success: true } row)
            {
                host.Pids[row.Groups["name"].Value] = int.Parse(row.Groups["pid"].Value);
            }
        }

        return host;
    }

    /// <summary>Every process the app host started that is still alive.</summary>
    public IReadOnlyList<int> LiveChildren() => Pids.Values.Where(ChildProcess.IsAlive).ToList();

    public async ValueTask DisposeAsync() => await Process.DisposeAsync();

    [GeneratedRegex(@"^\s+(?<name>redis|storage|silo-\d+|api(-\d+)?)\s+(?<pid>\d+)\s+(http|tcp)://")]
    private static partial Regex TableRow();
}
