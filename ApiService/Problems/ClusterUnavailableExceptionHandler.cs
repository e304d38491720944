using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Platform.ApiService.Problems;

/// <summary>Answers 503 with Retry-After when no silo can take the call, instead of a 500 or a hang.</summary>
internal sealed partial class ClusterUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsClusterUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(logger, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Session cluster unavailable",
                Detail = "No silo of the session cluster answered. Retry shortly.",
            },
        });
    }

    private static bool IsClusterUnavailable(Exception exception) => exception switch
    {
        ClusterUnavailableException or SiloUnavailableException or ConnectionFailedException or GatewayTooBusyException => true,
        OrleansMessageRejectionException or ClientNotAvailableException => true,
        TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsClusterUnavailable),
        _ => exception.InnerException is { } inner && IsClusterUnavailable(inner),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session cluster unavailable: {ExceptionType}: {Message}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string message);
}
