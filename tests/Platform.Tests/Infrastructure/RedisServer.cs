using StackExchange.Redis;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port with its own data folder (append-only), stopped on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private RedisServer(Func<RedisServer, RestartableProcess> process, int port, string directory, IConnectionMultiplexer connection)
    {
        Process = process(this);
        Port = port;
        Directory = directory;
        Connection = connection;
    }

    /// <summary>The redis-server process: killed, what was acknowledged is in its append-only file.</summary>
    public RestartableProcess Process { get; }

    public int Port { get; }

    public string Directory { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public IConnectionMultiplexer Connection { get; }

    public static async Task<RedisServer> Start()
    {
        var port = FreePort.Next();
        var directory = System.IO.Directory.CreateTempSubdirectory("platform-redis-").FullName;
        var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=false,connectTimeout=500");
        var server = new RedisServer(self => new RestartableProcess(() => Launch(port, directory), self.Answering), port, directory, connection);
        await server.Process.Answering();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Process.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static ChildProcess Launch(int port, string directory) =>
        ChildProcess.Start("redis-server",
            ["--port", $"{port}", "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--save", "", "--daemonize", "no"]);

    private Task Answering() =>
        Eventually.Holds(async () => Connection.IsConnected && (await Connection.GetDatabase().PingAsync()) >= TimeSpan.Zero,
            ready => ready, TimeSpan.FromSeconds(20), "redis-server answers PING");
}
