using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Tests.Infrastructure;

/// <summary>The real API, in memory, configured with the given settings (its Orleans client among them).</summary>
public sealed class ApiFactory(
    IReadOnlyDictionary<string, string?> settings, string environment = "Development", Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<Program>
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
            client.DefaultRequestHeaders.Authorization = Basic(user, password);
        }

        return client;
    }

    /// <summary>A client for a demo user whose session starts empty, whatever earlier tests left in it.</summary>
    public async Task<HttpClient> ClientWithEmptySession(string user)
    {
        var client = ClientFor(user);
        (await client.DeleteAsync("/session")).EnsureSuccessStatusCode();
        return client;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
