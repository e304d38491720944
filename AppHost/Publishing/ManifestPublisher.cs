using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.AppHost.Model;

namespace Platform.AppHost.Publishing;

/// <summary>
/// Publish mode: writes the Aspire manifest (schema aspire-8.0) for Azure Container Apps. Only the
/// API's HTTP endpoint is external; the silo's Orleans ports stay inside the environment.
/// </summary>
public static class ManifestPublisher
{
    private const int SiloTargetPort = 11111;
    private const int GatewayTargetPort = 30000;

    /// <summary>The Bicep module of the storage account, written beside the manifest.</summary>
    public const string StorageModule = "storage.module.bicep";

    public static int Publish(AppHostOptions options)
    {
        var path = Path.GetFullPath(Path.Combine(AppHostOptions.RepositoryRoot, "AppHost", options.OutputPath));
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, Write(directory));
        File.WriteAllText(Path.Combine(directory, StorageModule), StorageBicep.Module);
        Console.WriteLine($"Wrote the Aspire manifest to {path}, with {StorageModule} beside it");
        return 0;
    }

    /// <summary>The manifest as text; project paths are relative to <paramref name="manifestDirectory"/>.</summary>
    public static string Write(string manifestDirectory)
    {
        var values = new ManifestValues();
        var resources = new JsonObject
        {
            [PlatformModel.Redis] = Redis(),
            [PlatformModel.RedisPassword] = Parameter(PlatformModel.RedisPassword, secret: true, minLength: 22),
            [PlatformModel.Storage] = new JsonObject
            {
                ["type"] = "azure.bicep.v0",
                ["path"] = StorageModule,
                // Filled in by the deployment tool with the identity the apps run as.
                ["params"] = new JsonObject { ["principalType"] = "", ["principalId"] = "" },
            },
            [PlatformModel.Tables] = new JsonObject
            {
                ["type"] = "value.v0",
                ["connectionString"] = $"{{{PlatformModel.Storage}.outputs.tableEndpoint}}",
            },
            [PlatformModel.ClusterId] = Parameter(PlatformModel.ClusterId, secret: false, minLength: 25),
            [PlatformModel.ServiceId] = Parameter(PlatformModel.ServiceId, secret: false, minLength: 25),
            [PlatformModel.Silo] = Project(manifestDirectory, "Silo/Silo.csproj", PlatformModel.Silo,
                PlatformModel.SiloEnvironment(values, Backends.Published),
                new JsonObject
                {
                    [PlatformModel.HttpBinding] = HttpBinding(external: false),
                    [PlatformModel.SiloBinding] = TcpBinding(SiloTargetPort),
                    [PlatformModel.GatewayBinding] = TcpBinding(GatewayTargetPort),
                }),
            [PlatformModel.Api] = Project(manifestDirectory, "ApiService/ApiService.csproj", PlatformModel.Api,
                PlatformModel.ApiEnvironment(values, Backends.Published),
                new JsonObject { [PlatformModel.HttpBinding] = HttpBinding(external: true) }),
        };

        var manifest = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/aspire-8.0.json",
            ["resources"] = resources,
        };
        return manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 }) + "\n";
    }

    private static JsonObject Redis() => new()
    {
        ["type"] = "container.v0",
        ["connectionString"] = $"{{{PlatformModel.Redis}.bindings.tcp.host}}:{{{PlatformModel.Redis}.bindings.tcp.port}},password={{{PlatformModel.RedisPassword}.value}}",
        ["image"] = "docker.io/library/redis:8.2",
        ["entrypoint"] = "/bin/sh",
        // Append-only persistence, as in run mode, so a restarted container keeps every session.
        ["args"] = new JsonArray("-c", "redis-server --requirepass $REDIS_PASSWORD --appendonly yes"),
        ["volumes"] = new JsonArray(new JsonObject
        {
            ["name"] = "platform-redis-data",
            ["target"] = "/data",
            ["readOnly"] = false,
        }),
        ["env"] = new JsonObject { ["REDIS_PASSWORD"] = $"{{{PlatformModel.RedisPassword}.value}}" },
        ["bindings"] = new JsonObject { ["tcp"] = TcpBinding(6379) },
    };

    private static JsonObject Parameter(string name, bool secret, int minLength)
    {
        var input = new JsonObject { ["type"] = "string" };
        if (secret)
        {
            input["secret"] = true;
        }

        input["default"] = new JsonObject { ["generate"] = new JsonObject { ["minLength"] = minLength, ["special"] = false } };
        return new JsonObject
        {
            ["type"] = "parameter.v0",
            ["value"] = $"{{{name}.inputs.value}}",
            ["inputs"] = new JsonObject { ["value"] = input },
        };
    }

    private static JsonObject Project(string manifestDirectory, string projectPath, string name,
        Dictionary<string, string> environment, JsonObject bindings)
    {
        var env = new JsonObject
        {
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["HTTP_PORTS"] = $"{{{name}.bindings.http.targetPort}}",
        };
        foreach (var (key, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            env[key] = value;
        }

        return new JsonObject
        {
            ["type"] = "project.v0",
            ["path"] = Path.GetRelativePath(manifestDirectory, Path.Combine(AppHostOptions.RepositoryRoot, projectPath)).Replace('\\', '/'),
            ["env"] = env,
            ["bindings"] = bindings,
        };
    }

    private static JsonObject HttpBinding(bool external)
    {
        var binding = new JsonObject { ["scheme"] = "http", ["protocol"] = "tcp", ["transport"] = "http" };
        if (external)
        {
            binding["external"] = true;
        }

        return binding;
    }

    private static JsonObject TcpBinding(int targetPort) => new()
    {
        ["scheme"] = "tcp",
        ["protocol"] = "tcp",
        ["transport"] = "tcp",
        ["targetPort"] = targetPort,
    };
}
