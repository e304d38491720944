using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Platform.AppHost.Backing;

/// <summary>Redis and Azurite as executable resources, each with a health check the dashboard shows and <c>WaitFor</c> waits on.</summary>
public static class BackingServiceExtensions
{
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder,
        string name, string redisServer, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort.Next();
        var redis = new RedisServerResource(name, redisServer, dataDirectory);
        var healthCheck = $"{name}-ping";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
        {
            var connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken);
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"{connectionString},connectTimeout=2000");
            await connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        });

        return builder.AddResource(redis)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: RedisServerResource.EndpointName, isProxied: false)
            .WithArgs("--port", $"{port}", "--bind", "127.0.0.1", "--dir", dataDirectory,
                "--appendonly", "yes", "--daemonize", "no", "--loglevel", "warning")
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }

    public static IResourceBuilder<AzuriteResource> AddAzurite(this IDistributedApplicationBuilder builder,
        string name, string azurite, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var (blob, queue, table) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var storage = new AzuriteResource(name, "bash", dataDirectory);
        var healthCheck = $"{name}-answers";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
        {
            // Any HTTP answer from the table service means Azurite is listening.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            using var response = await http.GetAsync($"http://127.0.0.1:{table}/devstoreaccount1?comp=list", cancellationToken);
            return HealthCheckResult.Healthy();
        });

        // Azurite saves its data when it closes, and closes only on SIGINT (SIGTERM ends it on the spot);
        // DCP stops processes with SIGTERM, so a small shell turns that into SIGINT.
        const string SigtermAsSigint = """trap 'kill -INT "$child"' TERM INT; "$0" "$@" & child=$!; wait "$child"; trap - TERM INT; wait "$child" """;
        return builder.AddResource(storage)
            .WithEndpoint(port: blob, targetPort: blob, scheme: "http", name: AzuriteResource.BlobEndpointName, isProxied: false)
            .WithEndpoint(port: queue, targetPort: queue, scheme: "http", name: AzuriteResource.QueueEndpointName, isProxied: false)
            .WithEndpoint(port: table, targetPort: table, scheme: "http", name: AzuriteResource.TableEndpointName, isProxied: false)
            .WithArgs("-c", SigtermAsSigint, azurite,
                "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
                "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
                "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
                "--location", dataDirectory, "--silent", "--disableTelemetry", "--skipApiVersionCheck")
            .WithHealthCheck(healthCheck)
            .WithIconName("Storage");
    }

    /// <summary>Azurite's queue service, shown under Azurite in the dashboard.</summary>
    public static IResourceBuilder<AzuriteQueuesResource> AddQueues(this IResourceBuilder<AzuriteResource> azurite, string name) =>
        azurite.ApplicationBuilder.AddResource(new AzuriteQueuesResource(name, azurite.Resource))
            .WithParentRelationship(azurite)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "AzuriteQueues",
                State = new ResourceStateSnapshot("Served by " + azurite.Resource.Name, KnownResourceStateStyles.Info),
                Properties = [],
            })
            .WithIconName("Mail");

    /// <summary>A program on PATH, or one the test command installed with npm under tests/tools.</summary>
    public static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(RepositoryRoot.Path, "tests", "tools", "node_modules", ".bin"))
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
