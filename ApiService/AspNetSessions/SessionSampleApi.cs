using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.ApiService.AspNetSessions;

/// <summary>
/// <c>/samples</c>: code written for ASP.NET Core's session, unchanged (<c>HttpContext.Session</c>,
/// <c>GetString</c>, <c>SetInt32</c>…), running on the caller's session grain.
/// </summary>
public static class SessionSampleApi
{
    public static RouteGroupBuilder MapSessionSampleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/samples").WithTags("Samples");
        group.MapPost("/visits", CountVisit).WithName("CountVisit").WithSummary("Counts the caller's visits with Session.GetInt32/SetInt32");
        group.MapGet("/greeting", Greet).WithName("Greet").WithSummary("Greets by the name in Session.GetString(\"name\")");
        group.MapPut("/name/{name}", RememberName).WithName("RememberName").WithSummary("Session.SetString(\"name\", name)");
        return group;
    }

    public static Ok<Visits> CountVisit(HttpContext context)
    {
        var visits = (context.Session.GetInt32("visits") ?? 0) + 1;
        context.Session.SetInt32("visits", visits);
        return TypedResults.Ok(new Visits(visits));
    }

    public static Ok<string> Greet(HttpContext context) =>
        TypedResults.Ok($"Hello, {context.Session.GetString("name") ?? "stranger"}!");

    public static NoContent RememberName(string name, HttpContext context)
    {
        context.Session.SetString("name", name);
        return TypedResults.NoContent();
    }

    public sealed record Visits(int Count);
}
