using System.Text.Json;

namespace Platform.ApiService.OpenApi;

/// <summary>The problem responses endpoints share, declared once so the OpenAPI document lists them.</summary>
public static class EndpointProblems
{
    /// <summary>Requires a caller; wrong credentials get 401, too many wrong passwords 429, on every route.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().WithCallerProblems();

    /// <summary>Open to anonymous callers, but credentials that are sent are checked: 401 or 429.</summary>
    public static TBuilder WithCallerProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>Calls into the cluster: 503 while no silo can be reached.</summary>
    public static TBuilder WithClusterProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>Reads a JSON body itself (<c>JsonBody</c>) of any JSON value: malformed 400, too large 413, not JSON 415.</summary>
    public static RouteHandlerBuilder AcceptsJson(this RouteHandlerBuilder builder, params string[] otherMediaTypes) =>
        builder.AcceptsJson<JsonElement>(otherMediaTypes);

    /// <summary>Reads a JSON body of this shape itself: malformed or invalid 400, too large 413, not JSON 415.</summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder, params string[] otherMediaTypes) where TBody : notnull => builder
        .Accepts<TBody>("application/json", otherMediaTypes)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
