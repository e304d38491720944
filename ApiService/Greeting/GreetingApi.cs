using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json.Serialization;
using Platform.ApiService.Requests;

namespace Platform.ApiService.Greeting;

/// <summary><c>GET /api</c>: the seed's greeting, naming the authenticated user or "Anonymous"; <c>GET /api/ip</c> names the client's address.</summary>
public static class GreetingApi
{
    public static RouteGroupBuilder MapGreetingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Greeting");
        group.MapGet("", GetGreeting).WithName("GetGreeting").WithSummary("Greets the caller by user id, or as Anonymous");
        group.MapGet("/ip", GetClientIp).WithName("GetClientIp")
            .WithSummary("Greets the caller's address: the connection's, or the client a trusted proxy forwarded");
        return group;
    }

    public static Ok<Greeting> GetGreeting(ClaimsPrincipal user) =>
        TypedResults.Ok(new Greeting(user.Identity is { IsAuthenticated: true, Name: { } name } ? name : "Anonymous"));

    public static Ok<Greeting> GetClientIp(ApiRequestContext request) =>
        TypedResults.Ok(new Greeting(request.ClientIp?.ToString() ?? "unknown"));

    public sealed record Greeting([property: JsonPropertyName("Hello")] string Hello);
}
