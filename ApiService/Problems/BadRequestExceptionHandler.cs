using Microsoft.AspNetCore.Diagnostics;

namespace Platform.ApiService.Problems;

/// <summary>
/// Answers a request that ASP.NET Core itself refused (a query value that does not bind, a body over Kestrel's
/// limit) with the refusal's own status and reason as a problem, in every environment: never a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException refused)
        {
            return false;
        }

        httpContext.Response.StatusCode = refused.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = refused.StatusCode, Detail = refused.Message },
        });
    }
}
