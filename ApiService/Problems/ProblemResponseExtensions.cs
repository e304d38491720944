namespace Platform.ApiService.Problems;

/// <summary>Every error status answers RFC 9457 problem details, including routing errors and crashes.</summary>
public static class ProblemResponseExtensions
{
    public static IHostApplicationBuilder AddProblemResponses(this IHostApplicationBuilder builder)
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var http = context.HttpContext;
            context.ProblemDetails.Instance ??= $"{http.Request.Method} {http.Request.Path}";
            context.ProblemDetails.Extensions.TryAdd("traceId", ProblemId.Of(http));
            // The request's id (X-Request-ID), which its log lines carry in their scope.
            context.ProblemDetails.Extensions.TryAdd("requestId", http.TraceIdentifier);
            if (context.Exception is { } exception && isDevelopment)
            {
                context.ProblemDetails.Extensions["exception"] = exception.ToString();
            }
        });
        builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Refusals reach BadRequestExceptionHandler in every environment, so the problem names the parameter (Development's default only).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
