using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.AppHost.Supervision;

public static class SupervisionExtensions
{
    /// <summary>A resource of the platform: started again when it crashes, stopped in <paramref name="stopOrder"/> (lowest first).</summary>
    public static IResourceBuilder<T> Supervised<T>(this IResourceBuilder<T> resource, int stopOrder) where T : IResource =>
        resource.WithAnnotation(new StopOrderAnnotation(stopOrder)).WithAnnotation(new RestartOnCrashAnnotation());

    /// <summary>Crashed resources started again; a stop asked for by a user respected; shutdown in stop order.</summary>
    public static IDistributedApplicationBuilder AddSupervision(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        builder.Services.AddSingleton<StopIntent>();
        builder.Services.AddSingleton<SupervisedInstances>();
        // Room for the ordered stop and then DCP's own clean-up: cut short, DCP outlives the app host's stop.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMinutes(2));
        builder.Services.AddHostedService<CrashRestarter>();
        builder.Services.AddHostedService<StartupSummary>();
        builder.Services.AddHostedService<OrderedShutdown>();
        // The dashboard is the services' telemetry collector; without it (as in tests) exports would only
        // fail, and an exporter that cannot flush holds up every stop by tens of seconds.
        builder.Eventing.Subscribe<BeforeStartEvent>((starting, _) =>
        {
            if (starting.Services.GetRequiredService<DistributedApplicationOptions>().DisableDashboard)
            {
                foreach (var resource in starting.Model.Resources)
                {
                    foreach (var exporter in resource.Annotations.OfType<OtlpExporterAnnotation>().ToList())
                    {
                        resource.Annotations.Remove(exporter);
                    }
                }
            }

            return Task.CompletedTask;
        });
        // DCP adds the lifecycle commands as it creates the resources.
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((created, _) =>
        {
            var intent = created.Services.GetRequiredService<StopIntent>();
            foreach (var resource in created.Model.Resources.Where(r => r.Annotations.OfType<RestartOnCrashAnnotation>().Any()))
            {
                intent.Observe(resource);
            }

            return Task.CompletedTask;
        });
        return builder;
    }
}
