namespace Platform.Tests.Infrastructure;

/// <summary>
/// A built service (<c>dotnet Platform.X.dll</c>) started from a content root of its own: copies of the service's
/// JSON settings plus whatever files a test adds, such as an <c>appsettings.yaml</c>.
/// </summary>
public sealed class ConfiguredService : IAsyncDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("platform-config-").FullName;
    private readonly string _dll;

    public ConfiguredService(string project, string assembly, IReadOnlyDictionary<string, string>? files = null)
    {
        _dll = Repository.Built(project, assembly);
        foreach (var json in Directory.GetFiles(Path.GetDirectoryName(_dll)!, "appsettings*.json"))
        {
            File.Copy(json, Path.Combine(_contentRoot, Path.GetFileName(json)));
        }

        foreach (var (name, text) in files ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Combine(_contentRoot, name), text);
        }
    }

    public int Port { get; } = FreePort.Next();

    public ChildProcess? Process { get; private set; }

    public HttpClient Client() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };

    public async Task WaitUntilAlive()
    {
        using var http = Client();
        await Eventually.Holds(async () => (await http.GetAsync("/alive")).StatusCode, status => status == System.Net.HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the service answers /alive");
    }

    /// <summary>Starts it in Production on a free loopback port, with an Orleans gateway nobody listens on.</summary>
    public ChildProcess Start(IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var all = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Orleans__Endpoints__GatewayPort"] = $"{FreePort.Next()}",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) all[key] = value;
        Process = ChildProcess.Start("dotnet", [_dll, "--contentRoot", _contentRoot, "--urls", $"http://127.0.0.1:{Port}", .. arguments], all, _contentRoot);
        return Process;
    }

    /// <summary>The process ends with exit code 1, and its only output is one line: no stack trace, no log noise.</summary>
    public static async Task<string> StopsWithOneLine(ChildProcess process)
    {
        var exitCode = await process.WaitForExit(TimeSpan.FromSeconds(60));
        var lines = process.Lines.Where(line => line.Length > 0).ToList();
        Xunit.Assert.True(exitCode == 1, $"Expected exit code 1, got {exitCode}. Output:\n{process.Output}");
        Xunit.Assert.True(lines.Count == 1, $"Expected one line, got:\n{process.Output}");
        return lines[0];
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null) await Process.DisposeAsync();
        Directory.Delete(_contentRoot, recursive: true);
    }
}
