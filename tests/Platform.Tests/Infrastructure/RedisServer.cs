using StackExchange.Redis;

namespace Platform.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port with its own data folder, stopped on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port, string directory, IConnectionMultiplexer connection)
    {
        _process = process;
        Port = port;
        Directory = directory;
        Connection = connection;
    }

    public int Port { get; }

    public string Directory { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public IConnectionMultiplexer Connection { get; }

    public static async Task<RedisServer> Start()
    {
        var port = FreePort.Next();
        var directory = System.IO.Directory.CreateTempSubdirectory("platform-redis-").FullName;
        var process = ChildProcess.Start("redis-server",
            ["--port", $"{port}", "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--save", "", "--daemonize", "no"]);
        var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=false,connectTimeout=500");
        await Eventually.Holds(async () => connection.IsConnected && (await connection.GetDatabase().PingAsync()) >= TimeSpan.Zero,
            ready => ready, TimeSpan.FromSeconds(20), "redis-server answers PING");
        return new RedisServer(process, port, directory, connection);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _process.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
