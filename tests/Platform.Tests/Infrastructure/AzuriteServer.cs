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

    private Task Answering() =>
        Eventually.Holds(async () => (await Client().GetPropertiesAsync()).GetRawResponse().Status, status => status == 200,
            TimeSpan.FromSeconds(30), "Azurite answers");

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
