using Microsoft.Extensions.DependencyInjection;

namespace Platform.AppHost.Supervision;

public static class SupervisionExtensions
{
    /// <summary>Crashed resources started again; a stop asked for by a user respected; shutdown in stop order.</summary>
    public static IDistributedApplicationBuilder AddSupervision(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        builder.Services.AddSingleton<StopIntent>();
        builder.Services.AddHostedService<CrashRestarter>();
        builder.Services.AddHostedService<OrderedShutdown>();
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
