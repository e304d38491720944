using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>
/// The OpenAPI document is the API's contract: every route that answers is in it, and every error status it
/// declares for a route really comes back from that route, as a problem. Each status is provoked the way a
/// client would meet it; a declared status nobody knows how to provoke fails the test.
/// </summary>
[Collection(SessionClusterCollection.Name)]
public sealed partial class OpenApiDocumentTests(SessionCluster sessions) : IAsyncLifetime
{
    /// <summary>Operational routes that are not part of the API's contract.</summary>
    private static readonly string[] Operational = ["ANY /health", "ANY /alive", "GET /openapi/{documentName}.json"];

    /// <summary>Declared statuses this cluster cannot show, each with where it is shown instead.</summary>
    private static readonly Dictionary<string, string> ShownElsewhere = new()
    {
        // The test cluster evicts the oldest login at the cap (the default); refusing needs Logins:WhenFull=RejectNew on the silos.
        ["POST /auth/sessions 409"] = "LoginCapTests (RejectNew refuses a login at the cap)",
    };

    private IApiHost _api = null!;
    private IApiHost _throttled = null!;
    private ConfiguredService _noCluster = null!;
    private JsonElement _document;
    private int _nextAddress;

    public async Task InitializeAsync()
    {
        _api = sessions.ApiWith(new Dictionary<string, string?>(), IPAddress.Loopback);
        _throttled = sessions.ApiWith(new Dictionary<string, string?> { ["RateLimiting:PasswordFailures:PermitLimit"] = "1" }, IPAddress.Loopback);
        // An API whose cluster is nowhere (its localhost gateway port has no silo), as a process: it serves while it looks.
        _noCluster = new ConfiguredService("ApiService", "Platform.ApiService.dll");
        _noCluster.Start(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["DOTNET_ENVIRONMENT"] = "Development" });
        await _noCluster.WaitUntilAlive();
        _document = await _api.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _throttled.DisposeAsync();
        await _noCluster.DisposeAsync();
    }

    [Fact]
    public void The_document_names_both_security_schemes_and_requires_them_on_protected_routes()
    {
        var schemes = _document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("basic", schemes.GetProperty("Basic").GetProperty("scheme").GetString());
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.True(Operation("GET /session").TryGetProperty("security", out _));
        Assert.False(Operation("GET /api").TryGetProperty("security", out _));
    }

    [Fact]
    public void Every_route_that_answers_is_in_the_document_and_the_document_names_no_other()
    {
        var routed = _api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => !endpoint.RoutePattern.RawText!.StartsWith("/scalar", StringComparison.Ordinal))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(method => $"{method} {Normalize(endpoint.RoutePattern.RawText!)}"))
            .Except(Operational)
            .Order();

        Assert.Equal(routed, Operations().Select(operation => operation.Route).Order());
    }

    [Fact]
    public async Task Every_declared_error_status_answers_with_a_problem_of_that_status()
    {
        var unprovoked = new List<string>();
        foreach (var (route, operation) in Operations())
        {
            foreach (var status in operation.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name)).Where(s => s >= 400))
            {
                if (ShownElsewhere.ContainsKey($"{route} {status}"))
                {
                    continue;
                }

                if (await Provoke(route, operation, status) is not { } response)
                {
                    unprovoked.Add($"{route} {status}");
                    continue;
                }

                try
                {
                    await Problems.Assert(response, (HttpStatusCode)status);
                }
                catch (Exception exception)
                {
                    throw new Xunit.Sdk.XunitException($"{route} {status}: {exception.Message}");
                }
            }
        }

        Assert.True(unprovoked.Count == 0, $"Declared but not provoked here: {string.Join(", ", unprovoked)}");
        Assert.All(ShownElsewhere.Keys, declared => Assert.Contains(declared, Operations()
            .SelectMany(operation => operation.Operation.GetProperty("responses").EnumerateObject().Select(r => $"{operation.Route} {r.Name}"))));
    }

    private async Task<HttpResponseMessage?> Provoke(string route, JsonElement operation, int status)
    {
        var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
        var hasBody = operation.TryGetProperty("requestBody", out _);
        if (Specific(route, status) is { } specific) return await specific();
        return status switch
        {
            401 => await Send(_api, method, Fill(path), ValidBody(route), $"nobody{Guid.NewGuid():n}", "wrong"),
            429 => await Throttled(method, Fill(path), ValidBody(route)),
            503 => await Send(_noCluster.Client, method, Fill(path), ValidBody(route)),
            400 when hasBody => await Send(_api, method, Fill(path), Bodies.Json("{")),
            413 when hasBody => await Send(_api, method, Fill(path), Bodies.Json($"\"{new string('x', 2 * 1024 * 1024)}\"")),
            415 when hasBody => await Send(_api, method, Fill(path), new StringContent("x", Encoding.UTF8, "text/plain")),
            404 when path.Contains('{') => await Send(_api, method, Fill(path), ValidBody(route)),
            412 => await Send(_api, method, Fill(path), ValidBody(route), ifMatch: "\"stale\""),
            _ => null,
        };
    }

    /// <summary>Statuses that need a particular request or some state first.</summary>
    private Func<Task<HttpResponseMessage>>? Specific(string route, int status) => $"{route} {status}" switch
    {
        "GET /session/{key} 400" or "DELETE /session/{key} 400" or "POST /session/{key}/increment 400" =>
            () => Send(_api, route.Split(' ')[0], route.Split(' ')[1].Replace("{key}", "not%20a%20key"), null),
        "POST /session/{key}/increment 409" => async () =>
        {
            var key = $"text{Guid.NewGuid():n}";
            (await Send(_api, "PUT", $"/session/{key}", Bodies.Json("\"text\""))).EnsureSuccessStatusCode();
            return await Send(_api, "POST", $"/session/{key}/increment", null);
        },
        "POST /session/{key}/compare-and-set 412" =>
            () => Send(_api, "POST", $"/session/absent{Guid.NewGuid():n}/compare-and-set", Bodies.Json("""{"expected":1,"value":2}""")),
        "POST /auth/sessions 403" => async () =>
        {
            var login = await (await Send(_api, "POST", "/auth/sessions", null)).Content.ReadFromJsonAsync<JsonElement>();
            return await Send(_api, "POST", "/auth/sessions", null, bearer: login.GetProperty("token").GetString());
        },
        // Only a bearer token's own login session can rotate; checking the token needs the cluster.
        "POST /auth/sessions/rotate 503" => () => Send(_noCluster.Client, "POST", "/auth/sessions/rotate", null,
            bearer: System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
        "DELETE /auth/sessions 400" => () => Send(_api, "DELETE", "/auth/sessions?others=true", null),
        "POST /auth/sessions/rotate 400" => () => Send(_api, "POST", "/auth/sessions/rotate", null),
        "GET /signals/recent 400" => () => Send(_api, "GET", "/signals/recent?limit=0", null),
        "GET /signals/stream 400" => () => Send(_api, "GET", "/signals/stream?after=-1", null),
        "POST /teams 409" => async () =>
        {
            var team = await CreateTeam();
            return await Send(_api, "POST", "/teams", Bodies.Json($$"""{"name":"{{team.GetProperty("name").GetString()}}"}"""));
        },
        "PUT /teams/{id} 409" => async () =>
        {
            var (first, second) = (await CreateTeam(), await CreateTeam());
            return await Send(_api, "PUT", $"/teams/{second.GetProperty("id").GetString()}",
                Bodies.Json($$"""{"name":"{{first.GetProperty("name").GetString()}}"}"""));
        },
        "POST /teams/{id}/members 409" => async () =>
        {
            var members = $"/teams/{(await CreateTeam()).GetProperty("id").GetString()}/members";
            var member = Bodies.Json("""{"name":"Ada","email":"ada@example.com"}""");
            (await Send(_api, "POST", members, member)).EnsureSuccessStatusCode();
            return await Send(_api, "POST", members, Bodies.Json("""{"name":"Ada","email":"ada@example.com"}"""));
        },
        "POST /orders 422" => async () =>
        {
            await using var noAddress = sessions.ApiWith(new Dictionary<string, string?> { ["Users:alice:Email"] = "" }, IPAddress.Loopback);
            return await Send(noAddress, "POST", "/orders", ValidBody("POST /orders"));
        },
        "GET /orders/{id} 409" or "GET /orders/{id}/receipt 409" => async () =>
        {
            var id = Guid.NewGuid().ToString("n");
            (await Send(_api, "PUT", $"/session/orders.{id}", Bodies.Json("\"not an order\""))).EnsureSuccessStatusCode();
            return await Send(_api, "GET", route.Split(' ')[1].Replace("{id}", id), null);
        },
        _ => null,
    };

    private async Task<HttpResponseMessage> Throttled(string method, string path, HttpContent? body)
    {
        var address = NextAddress();
        await Send(_throttled, "GET", "/api", null, "guesser", "wrong", address);
        return await Send(_throttled, method, path, body, "guesser", "wrong", address);
    }

    private async Task<JsonElement> CreateTeam()
    {
        var response = await Send(_api, "POST", "/teams", Bodies.Json($$"""{"name":"Contract {{Guid.NewGuid():n}}"}"""));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A body the route accepts, so that what is provoked is not a refusal of the body.</summary>
    private static StringContent? ValidBody(string route) => route switch
    {
        "PATCH /session" => Bodies.Json("""{"contract":1}"""),
        "PUT /session/{key}" => Bodies.Json("1"),
        "POST /session/{key}/compare-and-set" => Bodies.Json("""{"value":1}"""),
        "POST /signals/{name}" => Bodies.Json("{}"),
        "POST /reports" => Bodies.Json("""{"title":"contract"}"""),
        "POST /teams" or "PUT /teams/{id}" => Bodies.Json($$"""{"name":"Contract {{Guid.NewGuid():n}}"}"""),
        "POST /teams/{id}/members" => Bodies.Json("""{"name":"Ada"}"""),
        "POST /orders" => Bodies.Json("""{"items":[{"name":"Burger","price":5.5}]}"""),
        _ => null,
    };

    /// <summary>Path parameters filled with values that name nothing yet.</summary>
    private static string Fill(string path) => PathParameter().Replace(path, match => match.Value == "{name}" ? "contract_signal"
        // Team and member ids are 16 hex digits, orders' and reports' 32; anything else is 404 before the cluster is asked.
        : path.StartsWith("/teams", StringComparison.Ordinal) ? Guid.NewGuid().ToString("n")[..16] : Guid.NewGuid().ToString("n"));

    private Task<HttpResponseMessage> Send(IApiHost api, string method, string path, HttpContent? body,
        string user = "alice", string password = "password", string? address = null, string? ifMatch = null, string? bearer = null) =>
        Send(api.CreateClient, method, path, body, user, password, address, ifMatch, bearer);

    private async Task<HttpResponseMessage> Send(Func<HttpClient> api, string method, string path, HttpContent? body,
        string user = "alice", string password = "password", string? address = null, string? ifMatch = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
        request.Headers.Add("X-Forwarded-For", address ?? NextAddress());
        request.Headers.Authorization = bearer is not null ? new AuthenticationHeaderValue("Bearer", bearer) : ApiFactory.Basic(user, password);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var client = api();
        client.Timeout = TimeSpan.FromSeconds(30);
        return await Buffered(await client.SendAsync(request));
    }

    /// <summary>Read while the API that answered still runs.</summary>
    private static async Task<HttpResponseMessage> Buffered(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Each request from its own client address, so the password-failure throttle never links them.</summary>
    private string NextAddress() => $"198.18.{Interlocked.Increment(ref _nextAddress) / 250}.{_nextAddress % 250 + 1}";

    private JsonElement Operation(string route) => Operations().Single(operation => operation.Route == route).Operation;

    private IEnumerable<(string Route, JsonElement Operation)> Operations() =>
        _document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Select(operation => ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value)));

    private static string Normalize(string pattern) => "/" + RouteConstraint().Replace(pattern.TrimStart('/'), "}").TrimEnd('/');

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex(@":[^}]*\}")]
    private static partial Regex RouteConstraint();
}
