using Polly.Telemetry;

namespace Platform.Silo.Hosting;

public static class PlacementRetryLoggingExtensions
{
    /// <summary>The name under which Orleans registers the Polly pipeline that retries a grain's placement.</summary>
    public const string PlacementPipeline = "Orleans.Placement";

    /// <summary>
    /// Logs Orleans' placement retries at Debug, as Orleans logs its own retry of them. Polly logs a failed last try
    /// as an error, yet the failure goes on to the caller, which reports it (a 503, a stream agent's own log). When
    /// the whole cluster stops, memory streams' agents still look for their queue grains while no silo is active,
    /// and each silo's console filled with errors about a state that is expected then. Other pipelines keep their
    /// severity.
    /// </summary>
    public static IServiceCollection AddPlacementRetriesLoggedAsDebug(this IServiceCollection services)
    {
        services.Configure<TelemetryOptions>(options =>
        {
            var configured = options.SeverityProvider;
            options.SeverityProvider = arguments => arguments.Source.PipelineName == PlacementPipeline
                ? ResilienceEventSeverity.Debug
                : configured?.Invoke(arguments) ?? arguments.Event.Severity;
        });
        return services;
    }
}
