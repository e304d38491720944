namespace Platform.Tests.Infrastructure;

/// <summary>
/// The real API as its own process in Production, as deployed apart from the silos: it loads only its own
/// assemblies, so nothing of the silo's storage providers. Alice and Bob are its users (password "password"), and it
/// believes the user that a caller on loopback names in <see cref="SessionLoad.UserHeader"/>, as from a proxy in front.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    /// <summary>The demo users of the API's Development settings (password "password"), given to it in Production.</summary>
    private static readonly Dictionary<string, string> Users = DemoUsers();

    private ApiProcess(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    public Uri Uri => new($"http://127.0.0.1:{Port}");

    /// <summary>Starts it with the cluster's client settings (as <see cref="SiloProcess.ClientSettings"/> gives them) and waits until it is alive.</summary>
    public static async Task<ApiProcess> Start(IReadOnlyDictionary<string, string?> clientSettings, IReadOnlyDictionary<string, string>? more = null)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>(Users)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Authentication__Proxy__TrustedProxies__0"] = "127.0.0.1",
        };
        foreach (var (key, value) in clientSettings) environment[key.Replace(":", "__")] = value ?? "";
        foreach (var (key, value) in more ?? new Dictionary<string, string>()) environment[key] = value;
        var api = new ApiProcess(ChildProcess.StartService("ApiService", "Platform.ApiService.dll", environment), port);
        try
        {
            using var http = api.ClientFor(null);
            await Eventually.Holds(async () => (await http.GetAsync("/health")).StatusCode, status => status == System.Net.HttpStatusCode.OK,
                TimeSpan.FromSeconds(60), "the API answers /health with the cluster reachable");
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public HttpClient ClientFor(string? user, string password = "password")
    {
        var client = new HttpClient { BaseAddress = Uri, Timeout = TimeSpan.FromSeconds(30) };
        if (user is not null) client.DefaultRequestHeaders.Authorization = ApiFactory.Basic(user, password);
        return client;
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static Dictionary<string, string> DemoUsers()
    {
        var settings = Path.Combine(Path.GetDirectoryName(Repository.Built("ApiService", "Platform.ApiService.dll"))!, "apisettings.Development.json");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(settings));
        return document.RootElement.GetProperty("Users").EnumerateObject()
            .ToDictionary(user => $"Users__{user.Name}__PasswordHash", user => user.Value.GetProperty("PasswordHash").GetString()!);
    }
}
