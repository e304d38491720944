using System.Net;
using System.Text;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.EndToEnd;

/// <summary>The one command a user runs: the app host starts everything, serves sessions, and stops cleanly.</summary>
public sealed class AppHostTests : IDisposable
{
    private const int SIGINT = 2;
    private const int SIGTERM = 15;
    private readonly string _data = Directory.CreateTempSubdirectory("platform-apphost-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Sessions_survive_killed_silos_and_a_restart_of_the_whole_platform_and_ctrl_c_leaves_no_process()
    {
        await using (var platform = await AppHostProcess.Start(_data))
        {
            Assert.Equal(["api", "redis", "silo-0", "silo-1", "storage"], platform.Pids.Keys.Order());
            Assert.Contains(platform.Process.Lines, line => line.Contains("sessions in Azure Table storage"));
            using var alice = Client(platform);
            Assert.Equal("""{"Hello":"alice"}""", await alice.GetStringAsync("/api"));
            (await alice.PutAsync("/session/cart", Bodies.Json("""{"items":[7]}"""))).EnsureSuccessStatusCode();

            foreach (var silo in platform.Pids.Where(p => p.Key.StartsWith("silo")).Select(p => p.Value))
            {
                System.Diagnostics.Process.GetProcessById(silo).Kill();
            }

            await platform.Process.WaitForLine(line => line.Contains("silo-0") && line.Contains("exited with code 137"), TimeSpan.FromSeconds(30));
            var cart = await Eventually.Holds(() => alice.GetAsync("/session/cart"), r => r.StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(90), "the restarted silos serve the session");
            Assert.Equal("""{"items":[7]}""", await cart.Content.ReadAsStringAsync());

            // Written just before Ctrl+C: stopping must not lose what storage acknowledged.
            (await alice.PutAsync("/session/last", Bodies.Json("\"before ctrl-c\""))).EnsureSuccessStatusCode();
            var children = platform.Pids.Values.ToList();
            platform.Process.Signal(SIGINT);
            Assert.Equal(0, await platform.Process.WaitForExit(TimeSpan.FromSeconds(90)));
            Assert.Empty(platform.LiveChildren());
            Assert.DoesNotContain(ChildrenOf(platform.Process.Pid), children.Contains);
        }

        await using (var again = await AppHostProcess.Start(_data))
        {
            using var alice = Client(again);
            Assert.Equal("""{"items":[7]}""", await alice.GetStringAsync("/session/cart"));
            Assert.Equal("\"before ctrl-c\"", await alice.GetStringAsync("/session/last"));

            again.Process.Signal(SIGTERM);
            Assert.Equal(0, await again.Process.WaitForExit(TimeSpan.FromSeconds(90)));
            Assert.Empty(again.LiveChildren());
        }
    }

    [Fact]
    public async Task Without_redis_the_embedded_default_runs_says_so_and_serves_several_api_instances()
    {
        await using var platform = await AppHostProcess.Start(_data, "--embedded", "--silos", "1", "--api-instances", "2");

        Assert.Contains(platform.Process.Lines, line => line.StartsWith("Embedded default:") && line.Contains("install Redis"));
        Assert.Equal(["api-0", "api-1", "silo-0"], platform.Pids.Keys.Order());
        using var bob = Client(platform, "bob");
        (await bob.PutAsync("/session/theme", Bodies.Json("\"light\""))).EnsureSuccessStatusCode();
        Assert.Equal("\"light\"", await bob.GetStringAsync("/session/theme"));

        // A token issued by one instance works on the other until it is revoked, then fails there at once.
        var login = await bob.PostAsync("/auth/sessions", null);
        var issued = System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement;
        using var second = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{platform.ApiPort + 1}") };
        second.DefaultRequestHeaders.Authorization = new("Bearer", issued.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/session/theme")).StatusCode);
        (await bob.DeleteAsync($"/auth/sessions/{issued.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/session/theme")).StatusCode);

        platform.Process.Signal(SIGINT);
        Assert.Equal(0, await platform.Process.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Empty(platform.LiveChildren());
    }

    private static HttpClient Client(AppHostProcess platform, string user = "alice")
    {
        var client = new HttpClient { BaseAddress = platform.Api, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = ApiFactory.Basic(user, "password");
        return client;
    }

    private static IEnumerable<int> ChildrenOf(int pid) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(int.Parse!)
            .Where(child => File.Exists($"/proc/{child}/stat") && ParentOf(child) == pid);

    private static int ParentOf(int pid)
    {
        try
        {
            return int.Parse(File.ReadAllText($"/proc/{pid}/stat").Split(')').Last().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
