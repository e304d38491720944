using Microsoft.AspNetCore.Http.Features;

namespace Platform.ApiService.Problems;

/// <summary>The id a problem response carries as <c>traceId</c>: the request's activity id, else ASP.NET Core's request id.</summary>
public static class ProblemId
{
    public static string Of(HttpContext context) =>
        context.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? context.TraceIdentifier;
}
