extern alias SiloAssembly;

using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Tests.Infrastructure;

/// <summary>Whatever serves the API in a test: the API's own process, or a silo that co-hosts it.</summary>
public interface IApiHost : IAsyncDisposable
{
    HttpClient CreateClient();

    IServiceProvider Services { get; }

    HttpClient ClientFor(string? user, string password = "password");

    Task<HttpClient> ClientWithEmptySession(string user);
}

/// <summary>A real entry point, in memory, configured with the given settings.</summary>
public abstract class ApiHostFactory<TEntryPoint>(
    IReadOnlyDictionary<string, string?> settings, string environment, Action<IWebHostBuilder>? configure)
    : WebApplicationFactory<TEntryPoint>, IApiHost
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        configure?.Invoke(builder);
    }

    public HttpClient ClientFor(string? user, string password = "password")
    {
        var client = CreateClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = ApiFactory.Basic(user, password);
        }

        return client;
    }

    /// <summary>A client whose requests name <paramref name="user"/> as a proxy in front would (for an API that trusts loopback: <see cref="ProxySettings"/>).</summary>
    public HttpClient ClientNamedByProxy(string user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(SessionLoad.UserHeader, user);
        return client;
    }

    /// <summary>A client for a demo user whose session starts empty, whatever earlier tests left in it.</summary>
    public async Task<HttpClient> ClientWithEmptySession(string user)
    {
        var client = ClientFor(user);
        (await client.DeleteAsync("/session")).EnsureSuccessStatusCode();
        return client;
    }
}

/// <summary>The real API, in memory, configured with the given settings (its Orleans client among them).</summary>
public sealed class ApiFactory(
    IReadOnlyDictionary<string, string?> settings, string environment = "Development", Action<IWebHostBuilder>? configure = null)
    : ApiHostFactory<Program>(settings, environment, configure)
{
    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}

/// <summary>A real silo serving the API (the co-hosted topology), in memory, joining a cluster named by its settings.</summary>
public sealed class CoHostedApiFactory(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null)
    : ApiHostFactory<SiloAssembly::Program>(settings, "Development", configure);

/// <summary>Settings for an API that believes the user a caller on loopback names in <see cref="SessionLoad.UserHeader"/>.</summary>
public static class ProxySettings
{
    public static Dictionary<string, string?> TrustingLoopback(IReadOnlyDictionary<string, string?> settings) =>
        new(settings) { ["Authentication:Proxy:TrustedProxies:0"] = "127.0.0.1" };
}
