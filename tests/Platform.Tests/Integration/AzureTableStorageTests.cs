extern alias SiloAssembly;

using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using Platform.ServiceDefaults;
using Platform.Tests.Infrastructure;
using SiloAssembly::Platform.Silo.Hosting;
using SiloAssembly::Platform.Silo.Sessions;

namespace Platform.Tests.Integration;

/// <summary>
/// Orleans' own Azure Table grain storage (<c>AzureTableStorage</c>) against a real Azurite, configured
/// through the same Aspire-convention keys and silo wiring as under the app host.
/// </summary>
public sealed class AzureTableStorageTests(AzureTableSilo silo) : IClassFixture<AzureTableSilo>
{
    private static GrainId User(string id) => GrainId.Create("session", id);

    private static GrainState<SessionState> Session(params (string Key, string Json)[] values)
    {
        var state = new SessionState { Version = values.Length, Created = DateTimeOffset.Parse("2026-11-24T08:00:00Z") };
        foreach (var (key, json) in values) state.Values[key] = Encoding.UTF8.GetBytes(json);
        return new GrainState<SessionState>(state);
    }

    private async Task<GrainState<SessionState>> Read(GrainId id)
    {
        var state = new GrainState<SessionState>();
        await silo.Storage.ReadStateAsync("session", id, state);
        return state;
    }

    [Fact]
    public async Task State_round_trips_and_is_stored_as_readable_json_text()
    {
        var written = Session(("cart", """{"items":[1,2]}"""), ("name", "\"Zoë\""));
        await silo.Storage.WriteStateAsync("session", User("ann"), written);

        var read = await Read(User("ann"));

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("""{"items":[1,2]}""", Encoding.UTF8.GetString(read.State!.Values["cart"]));
        var stored = silo.StoredText(row => row.PartitionKey.Contains("ann", StringComparison.Ordinal)).Single();
        Assert.Contains("\"values\":{\"cart\":{\"items\":[1,2]},\"name\":\"Zoë\"}", stored);
        Assert.DoesNotContain("$type", stored);
    }

    [Fact]
    public async Task A_write_from_a_stale_read_is_a_conflict_and_changes_nothing()
    {
        await silo.Storage.WriteStateAsync("session", User("bo"), Session(("n", "1")));
        var first = await Read(User("bo"));
        var second = await Read(User("bo"));
        first.State!.Values["n"] = "2"u8.ToArray();
        await silo.Storage.WriteStateAsync("session", User("bo"), first);

        second.State!.Values["n"] = "3"u8.ToArray();
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => silo.Storage.WriteStateAsync("session", User("bo"), second));

        Assert.Equal("2", Encoding.UTF8.GetString((await Read(User("bo"))).State!.Values["n"]));
    }

    [Fact]
    public async Task Clearing_deletes_the_row()
    {
        await silo.Storage.WriteStateAsync("session", User("cy"), Session(("n", "1")));
        var current = await Read(User("cy"));

        await silo.Storage.ClearStateAsync("session", User("cy"), current);

        Assert.False((await Read(User("cy"))).RecordExists);
        Assert.Empty(silo.StoredText(row => row.PartitionKey.Contains("cy", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_session_up_to_the_limit_is_stored_whole_and_one_past_it_is_refused_with_413_storing_nothing()
    {
        var dee = silo.Api.ClientFor("alice");
        (await dee.DeleteAsync("/session")).EnsureSuccessStatusCode();
        var value = JsonSerializer.Serialize(new string('x', 59_998)); // 60,000 bytes of JSON, under the 64 KiB value limit.
        for (var i = 0; i < 8; i++)
        {
            (await dee.PutAsync($"/session/k{i}", Bodies.Json(value))).EnsureSuccessStatusCode();
        }

        var refused = await dee.PutAsync("/session/k8", Bodies.Json(value));

        await Problems.Assert(refused, HttpStatusCode.RequestEntityTooLarge);
        var stored = silo.StoredText(row => row.PartitionKey.Contains("alice", StringComparison.Ordinal)).Single();
        Assert.True(stored.Length > 32 * 1024, "the stored session spans several table properties");
        using var document = JsonDocument.Parse(stored);
        var values = document.RootElement.GetProperty("values");
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"k{i}"), values.EnumerateObject().Select(member => member.Name));
        Assert.All(values.EnumerateObject(), member => Assert.Equal(59_998, member.Value.GetString()!.Length));
    }
}

/// <summary>One Azurite, one silo with session storage on Azure tables in it, and the API in front.</summary>
public sealed class AzureTableSilo : IAsyncLifetime
{
    private readonly string _table = $"t{Guid.NewGuid():N}"[..20];
    private AzuriteServer _azurite = null!;
    private IHost _silo = null!;

    public IGrainStorage Storage { get; private set; } = null!;

    public ApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.Start();
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = "azure-table-test",
            ["Orleans:ServiceId"] = "azure-table-test",
            ["Orleans:Endpoints:SiloPort"] = $"{siloPort}",
            ["Orleans:Endpoints:GatewayPort"] = $"{gatewayPort}",
            ["Orleans:GrainStorage:sessions:ProviderType"] = "AzureTableStorage",
            ["Orleans:GrainStorage:sessions:ServiceKey"] = "tables",
            ["Orleans:GrainStorage:sessions:TableName"] = _table,
            ["ConnectionStrings:tables"] = _azurite.ConnectionString,
            ["Reports:SigningKey"] = TestSigning.Key,
        });
        builder.AddAzureStorageClientsFromOrleansConfiguration();
        builder.AddSessionSilo();
        _silo = builder.Build();
        await _silo.StartAsync();
        Storage = _silo.Services.GetRequiredKeyedService<IGrainStorage>(SessionStorage.ProviderName);
        Api = new ApiFactory(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = "azure-table-test",
            ["Orleans:ServiceId"] = "azure-table-test",
            ["Orleans:Clustering:ProviderType"] = "Development",
            ["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{gatewayPort}",
        });
    }

    /// <summary>The JSON text of each stored row that matches, put back together from its string properties.</summary>
    public List<string> StoredText(Func<TableEntity, bool> match) =>
        _azurite.Client().GetTableClient(_table).Query<TableEntity>().Where(match)
            .Select(row => string.Concat(row.Keys
                .Where(key => key.StartsWith("StringData", StringComparison.Ordinal))
                .OrderBy(key => key.Length).ThenBy(key => key, StringComparer.Ordinal)
                .Select(key => row.GetString(key))))
            .ToList();

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await _silo.StopAsync();
        _silo.Dispose();
        await _azurite.DisposeAsync();
    }
}
