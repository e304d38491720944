using System.Diagnostics;
using System.Text.RegularExpressions;
using Platform.Contracts;
using Platform.Contracts.Signals;

namespace Platform.ApiService.Requests;

public static partial class RequestContextExtensions
{
    public const string RequestIdHeader = "X-Request-ID";

    public static IHostApplicationBuilder AddRequestContext(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ApiRequestContext>();
        return builder;
    }

    /// <summary>
    /// First in the pipeline: gives the request its id (a valid incoming <c>X-Request-ID</c> is kept, a
    /// missing or malformed one replaced), answers it on every response, puts it in the scope of every log
    /// line of the request, and hands it to grain calls through Orleans' request context.
    /// </summary>
    public static WebApplication UseRequestContext(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.ApiService.Requests");
        app.Use(async (context, next) =>
        {
            var incoming = context.Request.Headers[RequestIdHeader].ToString();
            var requestId = ValidRequestId().IsMatch(incoming) ? incoming : UniqueIds.Next().ToString("n");
            var traceId = Activity.Current?.TraceId.ToHexString();
            context.TraceIdentifier = requestId;
            context.RequestServices.GetRequiredService<ApiRequestContext>().Start(context, requestId, traceId);
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[RequestIdHeader] = requestId;
                return Task.CompletedTask;
            });
            SignalContext.Flow(requestId, traceId);
            var started = Stopwatch.GetTimestamp();
            using (RequestScope(logger, requestId))
            {
                await next(context);

                // A request the client named, or one that failed, is what someone will look up by its id; the rest stay quiet.
                var status = context.Response.StatusCode;
                if (status >= 400 || incoming == requestId)
                {
                    Answered(logger, context.Request.Method, context.Request.Path, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        });
        return app;
    }

    private static readonly Func<ILogger, string, IDisposable?> RequestScope = LoggerMessage.DefineScope<string>("RequestId:{RequestId}");

    [LoggerMessage(LogLevel.Information, "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void Answered(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    /// <summary>Letters, digits and <c>._:-</c>, 1 to 128 characters: safe in a header, a log and a URL.</summary>
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex ValidRequestId();
}
