using Platform.Tests.Infrastructure;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Tests.Manifest;

/// <summary>The committed Aspire manifest is what the app host's publish mode writes, and it is valid.</summary>
public sealed class ManifestTests : IDisposable
{
    // Beside the committed one, so that project paths (relative to the manifest) come out the same.
    private readonly string _output = Path.Combine(Repository.Root, $".aspire-manifest.{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_output);

    [Fact]
    public async Task The_committed_manifest_and_module_are_what_the_publish_command_writes()
    {
        var committed = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "aspire-manifest.json"));
        var committedModule = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "storage.module.bicep"));

        var written = await Publish(_output);
        var writtenModule = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "storage.module.bicep"));

        const string regenerate = "Regenerate: dotnet run --project AppHost -- --publisher manifest --output-path ../aspire-manifest.json";
        Assert.True(committed == written, $"aspire-manifest.json is stale. {regenerate}");
        Assert.True(committedModule == writtenModule, $"storage.module.bicep is stale. {regenerate}");
    }

    [Fact]
    public async Task The_manifest_validates_against_the_aspire_schema()
    {
        var (valid, report) = await Validate(Path.Combine(Repository.Root, "aspire-manifest.json"));

        Assert.True(valid, report);
    }

    [Fact]
    public async Task The_schema_check_rejects_a_manifest_with_an_unknown_resource_property()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "aspire-manifest.json")))!;
        manifest["resources"]!["silo"]!["replicas"] = 3;
        await File.WriteAllTextAsync(_output, manifest.ToJsonString());

        var (valid, report) = await Validate(_output);

        Assert.False(valid, report);
    }

    [Fact]
    public async Task Every_bicep_module_the_manifest_names_compiles_with_the_bicep_cli()
    {
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "aspire-manifest.json")));
        var modules = manifest.RootElement.GetProperty("resources").EnumerateObject()
            .Where(resource => resource.Value.GetProperty("type").GetString() is "azure.bicep.v0" or "azure.bicep.v1")
            .Select(resource => resource.Value.GetProperty("path").GetString()!)
            .ToList();
        Assert.NotEmpty(modules);
        var bicep = BicepCli.Path;

        foreach (var module in modules)
        {
            await using var build = ChildProcess.Start(bicep, ["build", Path.Combine(Repository.Root, module), "--stdout"]);
            var exitCode = await build.WaitForExit(TimeSpan.FromSeconds(120));
            Assert.True(exitCode == 0 && !build.Output.Contains(" Error ", StringComparison.Ordinal), $"{module}:\n{build.Output}");
            Assert.Contains("\"$schema\"", build.Output); // the compiled ARM template
        }
    }

    [Fact]
    public async Task Co_hosted_only_the_silos_http_is_reachable_from_outside_and_their_orleans_ports_stay_internal()
    {
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "aspire-manifest.json")));
        var resources = manifest.RootElement.GetProperty("resources");

        Assert.Equal(["silo.http"], ExternalBindings(resources));
        Assert.False(resources.TryGetProperty("api", out _));
        Assert.Equal("true", resources.GetProperty("silo").GetProperty("env").GetProperty("Api__CoHosted").GetString());
        Assert.Equal("container.v0", resources.GetProperty("redis").GetProperty("type").GetString());
        Assert.Equal("project.v0", resources.GetProperty("silo").GetProperty("type").GetString());
        Assert.Equal("parameter.v0", resources.GetProperty("orleans-cluster-id").GetProperty("type").GetString());
        Assert.Equal("parameter.v0", resources.GetProperty("orleans-service-id").GetProperty("type").GetString());
        Assert.Equal("session-platform", resources.GetProperty("orleans-service-id").GetProperty("inputs").GetProperty("value")
            .GetProperty("default").GetProperty("value").GetString());
        var siloEnv = resources.GetProperty("silo").GetProperty("env");
        Assert.Equal("Redis", siloEnv.GetProperty("Orleans__Clustering__ProviderType").GetString());
        Assert.Equal("{redis.connectionString}", siloEnv.GetProperty("ConnectionStrings__redis").GetString());
        Assert.Equal("AzureTableStorage", siloEnv.GetProperty("Orleans__GrainStorage__sessions__ProviderType").GetString());
        Assert.Equal("{tables.connectionString}", siloEnv.GetProperty("ConnectionStrings__tables").GetString());
        Assert.Equal("azure.bicep.v0", resources.GetProperty("storage").GetProperty("type").GetString());
        Assert.True(File.Exists(Path.Combine(Repository.Root, resources.GetProperty("storage").GetProperty("path").GetString()!)));
        Assert.Equal("{storage.outputs.tableEndpoint}", resources.GetProperty("tables").GetProperty("connectionString").GetString());
    }

    [Fact]
    public async Task The_separate_topology_publishes_the_api_as_the_only_external_binding_beside_internal_silos()
    {
        using var manifest = JsonDocument.Parse(await Publish(_output, "--topology", "separate"));
        var resources = manifest.RootElement.GetProperty("resources");

        Assert.Equal(["api.http"], ExternalBindings(resources));
        Assert.Equal("project.v0", resources.GetProperty("api").GetProperty("type").GetString());
        Assert.False(resources.GetProperty("silo").GetProperty("env").TryGetProperty("Api__CoHosted", out _));
        var (valid, report) = await Validate(_output);
        Assert.True(valid, report);
    }

    private static List<string> ExternalBindings(JsonElement resources) => resources.EnumerateObject()
        .Where(resource => resource.Value.TryGetProperty("bindings", out _))
        .SelectMany(resource => resource.Value.GetProperty("bindings").EnumerateObject()
            .Where(binding => binding.Value.TryGetProperty("external", out var flag) && flag.GetBoolean())
            .Select(binding => $"{resource.Name}.{binding.Name}"))
        .ToList();

    /// <summary>Runs ajv (from tests/tools, installed by the test command) against the Aspire schema.</summary>
    private static async Task<(bool Valid, string Report)> Validate(string manifestPath)
    {
        await using var ajv = ChildProcess.Start("node",
            [Path.Combine(Repository.Root, "tests", "tools", "validate-manifest.mjs"),
             Path.Combine(AppContext.BaseDirectory, "Schemas", "aspire-8.0.json"), manifestPath]);
        var exitCode = await ajv.WaitForExit(TimeSpan.FromSeconds(60));
        return (exitCode == 0, ajv.Output);
    }

    /// <summary>Aspire's own manifest publisher, run through the app host as the README says.</summary>
    private static async Task<string> Publish(string path, params string[] options)
    {
        await using var publish = ChildProcess.Start("dotnet",
            [Repository.Built("AppHost", "Platform.AppHost.dll"), "--publisher", "manifest", "--output-path", path, .. options]);
        Assert.True(await publish.WaitForExit(TimeSpan.FromSeconds(90)) == 0, publish.Output);
        return await File.ReadAllTextAsync(path);
    }
}
