using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>
/// The services read JSON, then YAML, then environment variables, then the command line, each overriding the one
/// before; bad configuration stops a service with one line naming the key. Run as real processes, as users start them.
/// </summary>
public sealed class ConfigurationTests
{
    /// <summary>appsettings.json trusts a proxy on loopback; this YAML trusts none.</summary>
    private static readonly Dictionary<string, string> TrustNoProxyYaml = new()
    {
        ["appsettings.yaml"] = """
            # YAML, as an operator would write it
            ForwardedHeaders:
              TrustedProxies: none
            """,
    };

    [Fact]
    public async Task Yaml_overrides_json()
    {
        await using var api = new ConfiguredService("ApiService", "Platform.ApiService.dll", TrustNoProxyYaml);
        api.Start();

        Assert.Equal("127.0.0.1", await ClientIpWithForgedHeader(api));
    }

    [Fact]
    public async Task Json_alone_trusts_loopback()
    {
        await using var api = new ConfiguredService("ApiService", "Platform.ApiService.dll");
        api.Start();

        Assert.Equal("198.51.100.1", await ClientIpWithForgedHeader(api));
    }

    [Fact]
    public async Task Environment_overrides_yaml_and_the_command_line_overrides_the_environment()
    {
        var trustLoopback = new Dictionary<string, string> { ["ForwardedHeaders__TrustedProxies"] = "127.0.0.1" };
        await using (var api = new ConfiguredService("ApiService", "Platform.ApiService.dll", TrustNoProxyYaml))
        {
            api.Start(trustLoopback);
            Assert.Equal("198.51.100.1", await ClientIpWithForgedHeader(api));
        }

        await using (var api = new ConfiguredService("ApiService", "Platform.ApiService.dll", TrustNoProxyYaml))
        {
            api.Start(trustLoopback, "--ForwardedHeaders:TrustedProxies=none");
            Assert.Equal("127.0.0.1", await ClientIpWithForgedHeader(api));
        }
    }

    [Fact]
    public async Task An_invalid_value_stops_the_api_with_one_line_naming_the_key()
    {
        await using var api = new ConfiguredService("ApiService", "Platform.ApiService.dll");
        var process = api.Start(new Dictionary<string, string> { ["RateLimiting__PerUser__PermitLimit"] = "-1" });

        var line = await ConfiguredService.StopsWithOneLine(process);

        Assert.Equal("Invalid configuration: RateLimiting:PerUser:PermitLimit: must be at least 1", line);
    }

    [Fact]
    public async Task An_invalid_value_in_yaml_is_named_too()
    {
        await using var api = new ConfiguredService("ApiService", "Platform.ApiService.dll", new Dictionary<string, string>
        {
            ["appsettings.yaml"] = "ForwardedHeaders:\n  TrustedProxies: 10.0.0.0/99\n",
        });

        var line = await ConfiguredService.StopsWithOneLine(api.Start());

        Assert.StartsWith("Invalid configuration: ForwardedHeaders:TrustedProxies: '10.0.0.0/99' is neither", line);
    }

    [Fact]
    public async Task A_malformed_yaml_file_stops_the_api_with_one_line_naming_the_file()
    {
        await using var api = new ConfiguredService("ApiService", "Platform.ApiService.dll", new Dictionary<string, string>
        {
            ["appsettings.yaml"] = "RateLimiting:\n  PerUser: [unclosed\n",
        });

        var line = await ConfiguredService.StopsWithOneLine(api.Start());

        Assert.StartsWith("Invalid configuration: appsettings.yaml cannot be read:", line);
    }

    [Fact]
    public async Task A_silo_without_its_signing_key_stops_with_one_line_and_no_secret()
    {
        await using var silo = new ConfiguredService("Silo", "Platform.Silo.dll");
        var process = silo.Start(new Dictionary<string, string> { ["Reports__SigningKey"] = "too-short-secret" });

        var line = await ConfiguredService.StopsWithOneLine(process);

        Assert.Equal("Invalid configuration: Reports:SigningKey: must be at least 32 characters long.", line);
        Assert.DoesNotContain("too-short-secret", process.Output);
    }

    private static async Task<string?> ClientIpWithForgedHeader(ConfiguredService api)
    {
        await api.WaitUntilAlive();
        using var http = api.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ip") { Headers = { { "X-Forwarded-For", "198.51.100.1" } } };
        var response = await http.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Hello").GetString();
    }
}
