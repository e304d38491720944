using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.ApiService.Problems;
using Platform.ApiService.Requests;
using Platform.Contracts.Signals;

namespace Platform.ApiService.Signals;

/// <summary>
/// Raises request_started, request_finished and got_request_exception for each authenticated request:
/// in-process handlers run inline, the cluster gets them through the outbox (never waited for). Their
/// request id is the request context's (<c>X-Request-ID</c>).
/// </summary>
public static class RequestSignals
{
    public static WebApplication UseRequestSignals(this WebApplication app)
    {
        var lifecycle = app.Services.GetRequiredService<IOptions<SignalOptions>>().Value.Lifecycle;
        var bus = app.Services.GetRequiredService<SignalBus>();
        var outbox = app.Services.GetRequiredService<SignalOutbox>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        app.Use(async (context, next) =>
        {
            if (!lifecycle || context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } user)
            {
                await next(context);
                return;
            }

            var request = context.Request;
            var started = time.GetTimestamp();
            await Raise(SignalNames.RequestStarted, new { method = request.Method, path = request.Path.Value });
            context.Response.OnCompleted(() => Raise(SignalNames.RequestFinished, new
            {
                method = request.Method,
                path = request.Path.Value,
                status = context.Response.StatusCode,
                durationMs = Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 3),
            }).AsTask());
            try
            {
                await next(context);
            }
            catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
            {
                // The type and the id the problem response shows; the stack trace stays in the log.
                await Raise(SignalNames.GotRequestException, new
                {
                    method = request.Method,
                    path = request.Path.Value,
                    exception = exception.GetType().FullName,
                    problemId = ProblemId.Of(context),
                });
                throw;
            }

            ValueTask Raise<T>(string name, T data)
            {
                var signal = context.RequestServices.GetRequiredService<ApiRequestContext>()
                    .Draft(name, user, JsonSerializer.Serialize(data, SignalJson.Options), durable: false, time.GetUtcNow());
                outbox.Post(signal);
                return bus.Send(signal, CancellationToken.None);
            }
        });
        return app;
    }
}
