using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using Platform.Contracts;
using Platform.Contracts.Storage;

namespace Platform.ApiService.Problems;

/// <summary>
/// Answers 503 with Retry-After, instead of a 500 or a hang, when no silo can take the call or the silos'
/// grain storage failed (which the silo reports as <see cref="StorageUnavailableException"/>, or as a version
/// conflict when storage took a change after failing it).
/// </summary>
internal sealed partial class ClusterUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>What a client should do after a change that timed out: it may have been taken all the same.</summary>
    private const string ReadBeforeRetrying = "read the session before retrying a change that is not idempotent. Retry shortly.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (title, detail) = StorageUnavailableException.IsCauseOf(exception)
            ? ("Session storage unavailable", "The silos' storage did not answer in time. A change in this request was not confirmed as stored, but may have been: " + ReadBeforeRetrying)
            : exception.Find<InconsistentStateException>() is not null
                // Storage took a change after its deadline had failed it; the grain reloads what storage holds.
                ? ("Session storage unavailable", "Storage holds a newer version than the silo had. Nothing in this request was stored; the session is reloaded from storage. Retry.")
            : IsClusterUnavailable(exception)
                ? ("Session cluster unavailable", "No silo of the session cluster answered in time. A change in this request may have been applied all the same: " + ReadBeforeRetrying)
                : default;
        if (title is null)
        {
            return false;
        }

        LogUnavailable(logger, title, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = title,
                Detail = detail,
            },
        });
    }

    private static bool IsClusterUnavailable(Exception exception) => exception.FindCause(cause =>
        cause is ClusterUnavailableException or SiloUnavailableException or ConnectionFailedException or GatewayTooBusyException
            or OrleansMessageRejectionException or ClientNotAvailableException or TimeoutException) is not null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Title}: {ExceptionType}: {Message}")]
    private static partial void LogUnavailable(ILogger logger, string title, string exceptionType, string message);
}
