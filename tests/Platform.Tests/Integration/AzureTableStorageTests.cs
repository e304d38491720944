extern alias SiloAssembly;

using System.Net;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Platform.Tests.Infrastructure;
using SiloAssembly::Platform.Silo.AzureTableStorage.Providers;
using SiloAssembly::Platform.Silo.AzureTableStorage.Storage;
using SiloAssembly::Platform.Silo.Sessions;
using SiloAssembly::Platform.Silo.Storage;

namespace Platform.Tests.Integration;

/// <summary>The Azure Table grain storage provider against a real Azurite.</summary>
public sealed class AzureTableStorageTests : IAsyncLifetime
{
    private readonly string _table = $"t{Guid.NewGuid():N}"[..20];
    private AzuriteServer _azurite = null!;
    private AzureTableGrainStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.Start();
        _storage = new AzureTableGrainStorage("sessions",
            new AzureTableStorageOptions { TableServiceClient = _azurite.Client(), TableName = _table, GrainStorageSerializer = new PlainJsonGrainStorageSerializer() },
            Options.Create(new ClusterOptions { ServiceId = "svc", ClusterId = "test" }),
            NullLogger<AzureTableGrainStorage>.Instance);
        await _storage.Initialize(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    private static GrainId User(string id) => GrainId.Create("session", id);

    private static SessionState Session(params (string Key, string Json)[] values)
    {
        var state = new SessionState { Version = values.Length, Created = DateTimeOffset.Parse("2026-11-24T08:00:00Z") };
        foreach (var (key, json) in values) state.Values[key] = Encoding.UTF8.GetBytes(json);
        return state;
    }

    private async Task<GrainState<SessionState>> Read(GrainId id)
    {
        var state = new GrainState<SessionState>();
        await _storage.ReadStateAsync("session", id, state);
        return state;
    }

    private List<TableEntity> Rows() => _azurite.Client().GetTableClient(_table).Query<TableEntity>().ToList();

    [Fact]
    public async Task State_round_trips_and_is_stored_as_readable_json()
    {
        var written = new GrainState<SessionState>(Session(("cart", """{"items":[1,2]}"""), ("name", "\"Zoë\"")));
        await _storage.WriteStateAsync("session", User("ann"), written);

        var read = await Read(User("ann"));

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(2, read.State!.Version);
        Assert.Equal("""{"items":[1,2]}""", Encoding.UTF8.GetString(read.State!.Values["cart"]));
        var stored = Rows().Single().GetString("Data0");
        Assert.Contains("\"cart\":{\"items\":[1,2]}", stored);
        Assert.Contains("Zoë", stored);
        Assert.DoesNotContain("$type", stored);
    }

    [Fact]
    public async Task A_state_that_is_not_there_reads_as_new()
    {
        var read = await Read(User("nobody"));

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Empty(read.State!.Values);
    }

    [Fact]
    public async Task A_write_from_a_stale_read_is_a_conflict_and_changes_nothing()
    {
        await _storage.WriteStateAsync("session", User("bo"), new GrainState<SessionState>(Session(("n", "1"))));
        var first = await Read(User("bo"));
        var second = await Read(User("bo"));
        first.State!.Values["n"] = "2"u8.ToArray();
        await _storage.WriteStateAsync("session", User("bo"), first);

        second.State!.Values["n"] = "3"u8.ToArray();
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("session", User("bo"), second));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _storage.WriteStateAsync("session", User("bo"), new GrainState<SessionState>(Session(("n", "4")))));

        Assert.Equal("2", Encoding.UTF8.GetString((await Read(User("bo"))).State!.Values["n"]));
    }

    [Fact]
    public async Task Clearing_deletes_the_rows_and_a_stale_clear_is_a_conflict()
    {
        await _storage.WriteStateAsync("session", User("cy"), new GrainState<SessionState>(Session(("n", "1"))));
        var stale = await Read(User("cy"));
        var current = await Read(User("cy"));
        await _storage.WriteStateAsync("session", User("cy"), current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("session", User("cy"), stale));
        await _storage.ClearStateAsync("session", User("cy"), current);

        Assert.False((await Read(User("cy"))).RecordExists);
        Assert.Empty(Rows());
    }

    [Fact]
    public async Task State_larger_than_a_property_and_than_an_entity_round_trips_and_shrinks_cleanly()
    {
        // Sixteen values of 64 KiB: a 1 MiB session, past one property (64 KiB) and one entity (1 MiB as UTF-16).
        var big = Enumerable.Range(0, 16).Select(i => ($"k{i}", $"\"{new string((char)('a' + i), 64 * 1024 - 2)}\"")).ToArray();
        var state = new GrainState<SessionState>(Session(big));
        await _storage.WriteStateAsync("session", User("dee"), state);

        var read = await Read(User("dee"));
        Assert.Equal(16, read.State!.Values.Count);
        Assert.All(big, value => Assert.Equal(value.Item2, Encoding.UTF8.GetString(read.State!.Values[value.Item1])));
        Assert.True(Rows().Count > 1);

        read.State!.Values = Session(("small", "1")).Values;
        await _storage.WriteStateAsync("session", User("dee"), read);

        Assert.Single(Rows());
        Assert.Equal(["small"], (await Read(User("dee"))).State!.Values.Keys);
    }

    [Fact]
    public async Task A_session_stored_in_azure_tables_survives_killing_the_silo()
    {
        var silo = SiloProcess.OnFreePorts();
        var orleans = new Dictionary<string, string>
        {
            ["Orleans__ClusterId"] = "azure-table-test",
            ["Orleans__ServiceId"] = $"svc-{Guid.NewGuid():N}",
            ["Orleans__Clustering__ProviderType"] = "Development",
            ["Orleans__Clustering__PrimarySiloEndPoint"] = $"127.0.0.1:{silo.SiloPort}",
            ["Orleans__GrainStorage__sessions__ProviderType"] = "AzureTableStorage",
            ["Orleans__GrainStorage__sessions__ServiceKey"] = "tables",
            ["Orleans__GrainStorage__sessions__TableName"] = _table,
            ["ConnectionStrings__tables"] = _azurite.ConnectionString,
        };
        await using var first = await silo.Start(orleans);
        await using var api = new ApiFactory(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = orleans["Orleans__ClusterId"],
            ["Orleans:ServiceId"] = orleans["Orleans__ServiceId"],
            ["Orleans:Clustering:ProviderType"] = "Development",
            ["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{silo.GatewayPort}",
        });
        var alice = api.ClientFor("alice");
        (await alice.PutAsync("/session/cart", new StringContent("[4,5]", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        first.Kill();
        await first.WaitForExit(TimeSpan.FromSeconds(10));
        await using var second = await silo.Start(orleans);

        var cart = await Eventually.Holds(() => alice.GetAsync("/session/cart"), r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the restarted silo serves the session from Azure Table storage");
        Assert.Equal("[4,5]", await cart.Content.ReadAsStringAsync());
    }
}
