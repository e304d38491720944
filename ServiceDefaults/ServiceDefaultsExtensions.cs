using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults;

/// <summary>What every HTTP service of the platform shares: YAML configuration, telemetry, health checks, storage clients.</summary>
public static class ServiceDefaultsExtensions
{
    private const string LiveTag = "live";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddYamlConfiguration();
        builder.AddPlatformTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddValidatedOptions<StorageDeadlineOptions>(StorageDeadlineOptions.SectionName);
        builder.AddRedisClientsFromOrleansConfiguration();
        builder.AddAzureStorageClientsFromOrleansConfiguration();
        return builder;
    }

    /// <summary>
    /// Logs, traces and metrics over OTLP, only where a collector is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
    /// which the app host sets to its dashboard): recording activities that nobody exports measurably
    /// slows every request and grain call.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformTelemetry(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Services.AddValidatedOptions<TelemetryOptions>(TelemetryOptions.SectionName);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans", PlatformMeters.Sessions, PlatformMeters.Signals))
            .WithTracing(tracing => tracing
                .SetSampler(services => new ParentBasedSampler(new TraceRateSampler(
                    services.GetRequiredService<IOptions<TelemetryOptions>>().Value.TracesPerSecond,
                    services.GetService<TimeProvider>() ?? TimeProvider.System)))
                .AddSource(builder.Environment.ApplicationName)
                // Orleans' runtime source traces every timer and membership ping; application calls are what a user follows.
                .AddSource("Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthPath(context.Request.Path))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>Maps <c>/health</c> (every check) and <c>/alive</c> (liveness only).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Never rate limited: orchestrators and load balancers must always get an answer.
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthReport }).DisableRateLimiting();
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = WriteHealthReport,
        }).DisableRateLimiting();
        return app;
    }

    private static bool IsHealthPath(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");

    private static Task WriteHealthReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, HealthJson));
    }

    private static readonly JsonSerializerOptions HealthJson = new(JsonSerializerDefaults.Web);
}
