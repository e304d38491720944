using Azure.Data.Tables;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// A real Azurite (Azure Storage emulator, table service) on a free loopback port with its own folder.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key, published in its documentation.</summary>
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private AzuriteServer(Func<AzuriteServer, RestartableProcess> process, int port, string directory)
    {
        Process = process(this);
        Port = port;
        Directory = directory;
    }

    public RestartableProcess Process { get; }

    public int Port { get; }

    public string Directory { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public TableServiceClient Client() => new(ConnectionString);

    public static async Task<AzuriteServer> Start()
    {
        var port = FreePort.Next();
        var directory = System.IO.Directory.CreateTempSubdirectory("platform-azurite-").FullName;
        var server = new AzuriteServer(self => new RestartableProcess(
            () => ChildProcess.Start(Path.Combine(Repository.Root, "tests", "tools", "node_modules", ".bin", "azurite-table"),
                ["--tableHost", "127.0.0.1", "--tablePort", $"{port}", "--location", directory, "--silent", "--disableTelemetry", "--skipApiVersionCheck"]),
            self.Answering), port, directory);
        await server.Process.Answering();
        return server;
    }

    /// <summary>
    /// Waits until Azurite's data file holds <paramref name="text"/>. Azurite keeps its tables in memory and saves them
    /// every 5 s, so a crash loses what it acknowledged since, even a table created then (which Orleans' table storage,
    /// having created it at start, does not create again). Azure Storage loses nothing it acknowledged.
    /// </summary>
    public Task Saved(string text) =>
        Eventually.Holds(() => Task.FromResult(File.Exists(DataFile) && File.ReadAllText(DataFile).Contains(text, StringComparison.Ordinal)),
            saved => saved, TimeSpan.FromSeconds(20), $"Azurite saved a table row naming {text}");

    private string DataFile => Path.Combine(Directory, "__azurite_db_table__.json");

    private Task Answering() =>
        Eventually.Holds(async () => (await Client().GetPropertiesAsync()).GetRawResponse().Status, status => status == 200,
            TimeSpan.FromSeconds(30), "Azurite answers");

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
