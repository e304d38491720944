using Platform.ServiceDefaults.Configuration;

namespace Platform.ApiService.Signals;

public static class SignalExtensions
{
    /// <summary>The signal bus, the lifecycle outbox and their options.</summary>
    public static IHostApplicationBuilder AddSignals(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SignalOptions>(SignalOptions.SectionName)
            .Validate(options => options.HeartbeatInterval > TimeSpan.Zero && options.TicketLifetime > TimeSpan.Zero
                    && options.OutboxInterval >= TimeSpan.Zero && options.OutboxInterval <= TimeSpan.FromSeconds(5),
                "Signals:HeartbeatInterval and Signals:TicketLifetime must be positive, Signals:OutboxInterval 0 to 5 seconds.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SignalApiMetrics>();
        builder.Services.AddSingleton<SignalBus>();
        builder.Services.AddSingleton<SignalOutbox>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SignalOutbox>());
        return builder;
    }

    /// <summary>Registers an in-process handler of a signal; handlers of one name run in the order they were added.</summary>
    public static IServiceCollection AddSignalHandler(this IServiceCollection services, string name, SignalHandler handler) =>
        services.AddSingleton(new SignalHandlerRegistration(name, handler));
}
