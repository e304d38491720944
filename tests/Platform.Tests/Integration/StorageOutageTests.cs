using System.Net;
using System.Text;
using Platform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.Tests.Integration;

/// <summary>
/// The session store goes away under a running platform (a real silo and a real API process, as deployed
/// apart): active sessions are still read from memory, writes answer 503 and change nothing, and once the
/// store is back writes work again without restarting anything.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer _clustering = null!;

    public async Task InitializeAsync() => _clustering = await RedisServer.Start();

    public async Task DisposeAsync() => await _clustering.DisposeAsync();

    [Theory]
    [InlineData("Redis")]
    [InlineData("AzureTableStorage")]
    public async Task With_the_session_store_killed_reads_come_from_memory_writes_answer_503_and_work_again_when_it_returns(string store)
    {
        await using var outage = await StoreOutage.Start(store);
        var orleans = SessionsIn(outage.Store, outage.ConnectionString, "storage-outage");
        // A read stores the session's last access every quarter of the idle timeout: every 2 s here.
        orleans["Sessions__IdleTimeout"] = "00:00:08";
        orleans["Storage__Deadline"] = "00:00:01";
        await using var silo = await SiloProcess.OnFreePorts().Start(orleans);
        await using var api = await ApiProcess.Start(SiloProcess.ClientSettings(orleans));
        var alice = api.ClientFor("alice");
        (await alice.PutAsync("/session/cart", Json("""{"items":[1]}"""))).EnsureSuccessStatusCode();

        await outage.Crash(saved: ["alice"]);
        var reads = await ReadFor(alice, "/session/cart", TimeSpan.FromSeconds(2.5));
        var write = await alice.PutAsync("/session/cart", Json("""{"items":[1,2]}"""));
        var readAfterRefusal = await alice.GetAsync("/session/cart");
        var coldRead = await api.ClientFor("bob").GetAsync("/session");

        // Long enough that some read came due to store the access time, and went on from memory when that failed.
        Assert.All(reads, read => Assert.Equal((HttpStatusCode.OK, """{"items":[1]}"""), read));
        var problem = await Problems.Assert(write, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(write.Headers.RetryAfter);
        Assert.Equal("Session storage unavailable", problem.GetProperty("title").GetString());
        Assert.DoesNotContain("exception", problem.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("""{"items":[1]}""", await readAfterRefusal.Content.ReadAsStringAsync());
        // A session that is not in memory cannot be loaded meanwhile: 503 as well, not 500.
        await Problems.Assert(coldRead, HttpStatusCode.ServiceUnavailable);

        await outage.Process.Restart();
        await Eventually.Holds(() => alice.PutAsync("/session/cart", Json("""{"items":[1,2]}""")), response => response.IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "a write succeeds once the store is back");
        Assert.Equal("""{"items":[1,2]}""", await alice.GetStringAsync("/session/cart"));
        Assert.DoesNotContain(api.Process.Lines, line => line.Contains("fail:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Redis")]
    [InlineData("AzureTableStorage")]
    public async Task Under_load_a_store_killed_and_started_again_costs_only_503s_while_it_is_down_and_no_acknowledged_write(string store)
    {
        await using var outage = await StoreOutage.Start(store);
        var orleans = SessionsIn(outage.Store, outage.ConnectionString, "storage-outage");
        await using var silo = await SiloProcess.OnFreePorts().Start(orleans);
        await using var api = await ApiProcess.Start(SiloProcess.ClientSettings(orleans));
        await using var load = SessionLoad.Start(api.Uri, users: 8);
        await load.UntilEachUserWrote();

        load.FaultNow();
        await outage.Crash(saved: [.. Enumerable.Range(0, 8).Select(user => $"load-user-{user}")]);
        await Eventually.Holds(() => Task.FromResult(load.FailedSoFar), failed => failed > 0, TimeSpan.FromSeconds(30), "writes are refused while the store is down");
        await outage.Process.Restart();
        await load.UntilEachUserWrote();
        var result = await load.Stop();
        var lost = await load.LostWrites();
        output.WriteLine(result.Figures($"session store ({store}) killed, started again after the first refusal", lost.Count));

        Assert.All(result.FailedByStatus.Keys, status => Assert.Equal("503", status));
        Assert.Empty(lost);
    }

    [Fact]
    public async Task With_the_store_slow_writes_end_within_its_deadline_other_users_reads_go_on_and_the_next_write_lands()
    {
        await using var store = await RedisServer.Start();
        var orleans = SessionsIn("Redis", store.ConnectionString, "storage-slow");
        orleans["Storage__Deadline"] = "00:00:01";
        await using var silo = await SiloProcess.OnFreePorts().Start(orleans);
        await using var api = await ApiProcess.Start(SiloProcess.ClientSettings(orleans));
        var (alice, bob) = (api.ClientFor("alice"), api.ClientFor("bob"));
        (await alice.PutAsync("/session/cart", Json("1"))).EnsureSuccessStatusCode();
        (await bob.PutAsync("/session/cart", Json("2"))).EnsureSuccessStatusCode();

        // Redis holds every write for 6 s; reads go on.
        await store.Connection.GetServers().Single().ExecuteAsync("CLIENT", "PAUSE", "6000", "WRITE");
        var slowWrite = alice.PutAsync("/session/cart", Json("3"));
        var reads = await ReadFor(bob, "/session/cart", TimeSpan.FromSeconds(1.5));
        var refused = await slowWrite;

        var problem = await Problems.Assert(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Session storage unavailable", problem.GetProperty("title").GetString());
        Assert.All(reads, read => Assert.Equal((HttpStatusCode.OK, "2"), read));
        Assert.Equal("1", await alice.GetStringAsync("/session/cart"));
        // Once Redis takes writes again, the session's next write lands.
        await Eventually.Holds(() => alice.PutAsync("/session/cart", Json("4")), response => response.IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "a write succeeds once the store answers again");
        Assert.Equal("4", await alice.GetStringAsync("/session/cart"));
        Assert.DoesNotContain(api.Process.Lines, line => line.Contains("fail:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_store_stalled_every_write_queued_for_one_session_is_refused_as_unconfirmed_and_the_session_is_unchanged()
    {
        await using var store = await RedisServer.Start();
        var orleans = SessionsIn("Redis", store.ConnectionString, "storage-stalled");
        orleans["Storage__Deadline"] = "00:00:01";
        await using var silo = await SiloProcess.OnFreePorts().Start(orleans);
        await using var api = await ApiProcess.Start(SiloProcess.ClientSettings(orleans));
        var alice = api.ClientFor("alice");
        (await alice.PutAsync("/session/cart", Json("1"))).EnsureSuccessStatusCode();
        var before = await alice.GetStringAsync("/session");

        // The writes queue in the session's grain behind the first; whichever write they share, none may be applied.
        await store.Connection.GetServers().Single().ExecuteAsync("CLIENT", "PAUSE", "60000", "WRITE");
        var writes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => alice.PutAsync($"/session/key{i}", Json($"{i}"))));
        var after = await alice.GetStringAsync("/session");
        await store.Connection.GetServers().Single().ExecuteAsync("CLIENT", "UNPAUSE");

        foreach (var write in writes)
        {
            var problem = await Problems.Assert(write, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("may have been", problem.GetProperty("detail").GetString());
        }

        Assert.Equal(before, after);
    }

    /// <summary>A silo's settings: Redis clustering on the test's own Redis, sessions in the store under test.</summary>
    private Dictionary<string, string> SessionsIn(string store, string connectionString, string cluster)
    {
        var orleans = SiloProcess.RedisOrleans(_clustering, $"svc-{Guid.NewGuid():N}", cluster);
        orleans["Orleans__GrainStorage__sessions__ProviderType"] = store;
        orleans["Orleans__GrainStorage__sessions__ServiceKey"] = "store";
        orleans["ConnectionStrings__store"] = connectionString;
        return orleans;
    }

    /// <summary>Reads one after another for the given time; every answer's status and body.</summary>
    private static async Task<List<(HttpStatusCode, string)>> ReadFor(HttpClient client, string path, TimeSpan period)
    {
        var reads = new List<(HttpStatusCode, string)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < period)
        {
            using var response = await client.GetAsync(path);
            reads.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        return reads;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The session store under test, a real Redis or Azurite of its own.</summary>
    private sealed record StoreOutage(string Store, string ConnectionString, RestartableProcess Process, Func<string, Task> Saved, Func<ValueTask> Stop)
        : IAsyncDisposable
    {
        public static async Task<StoreOutage> Start(string store)
        {
            if (store == "Redis")
            {
                var redis = await RedisServer.Start();
                // Redis appends each write to its append-only file before it answers: a crash loses nothing acknowledged.
                return new(store, redis.ConnectionString, redis.Process, _ => Task.CompletedTask, redis.DisposeAsync);
            }

            var azurite = await AzuriteServer.Start();
            return new(store, azurite.ConnectionString, azurite.Process, azurite.Saved, azurite.DisposeAsync);
        }

        /// <summary>Kills the store (a crash) once it has saved the sessions of the given users: an outage, not a loss of stored data.</summary>
        public async Task Crash(string[] saved)
        {
            foreach (var text in saved) await Saved(text);
            await Process.Kill();
        }

        public ValueTask DisposeAsync() => Stop();
    }
}
