using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json.Serialization;

namespace Platform.ApiService.Greeting;

/// <summary><c>GET /api</c>: the seed's greeting, naming the authenticated user or "Anonymous".</summary>
public static class GreetingApi
{
    public static RouteHandlerBuilder MapGreetingApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api", GetGreeting)
            .WithName("GetGreeting")
            .WithSummary("Greets the caller by user id, or as Anonymous")
            .WithTags("Greeting");

    public static Ok<Greeting> GetGreeting(ClaimsPrincipal user) =>
        TypedResults.Ok(new Greeting(user.Identity is { IsAuthenticated: true, Name: { } name } ? name : "Anonymous"));

    public sealed record Greeting([property: JsonPropertyName("Hello")] string Hello);
}
