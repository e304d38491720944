using System.Net;
using System.Text;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration;

/// <summary>Sessions written through the API live in a real Redis and outlive the silo that held them.</summary>
public sealed class RedisPersistenceTests : IAsyncLifetime
{
    private readonly string _serviceId = $"svc-{Guid.NewGuid():N}";
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.Start();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_session_survives_killing_and_restarting_the_silo()
    {
        var orleans = SiloProcess.RedisOrleans(_redis, _serviceId, "persistence-test");
        var silo = SiloProcess.OnFreePorts();
        await using var first = await silo.Start(orleans);
        await using var api = new ApiFactory(SiloProcess.ClientSettings(orleans));
        var alice = api.ClientFor("alice");
        (await alice.PutAsync("/session/cart", new StringContent("""{"items":[1,2,3]}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        first.Kill();
        await first.WaitForExit(TimeSpan.FromSeconds(10));
        await using var second = await silo.Start(orleans);

        var cart = await Eventually.Holds(() => alice.GetAsync("/session/cart"), response => response.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the API reaches the restarted silo");
        Assert.Equal("""{"items":[1,2,3]}""", await cart.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Redis_holds_the_session_as_plain_readable_json()
    {
        var orleans = SiloProcess.RedisOrleans(_redis, _serviceId, "storage-form-test");
        await using var silo = await SiloProcess.OnFreePorts().Start(orleans);
        await using var api = new ApiFactory(SiloProcess.ClientSettings(orleans));
        var bob = api.ClientFor("bob");
        (await bob.PutAsync("/session/prefs", new StringContent("""{"theme":"dark","size":12}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var server = _redis.Connection.GetServers().Single();
        var key = server.Keys(pattern: $"{_serviceId}/state/*bob*").Single();
        var stored = (string?)await _redis.Connection.GetDatabase().HashGetAsync(key, "data");

        Assert.NotNull(stored);
        Assert.DoesNotContain("$type", stored);
        Assert.DoesNotContain("Platform.", stored);
        using var document = JsonDocument.Parse(stored);
        Assert.Equal("dark", document.RootElement.GetProperty("values").GetProperty("prefs").GetProperty("theme").GetString());
    }
}
