namespace Platform.ApiService.Sessions;

public static class SessionInputExtensions
{
    public static IHostApplicationBuilder AddSessionInput(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SessionInputOptions>()
            .BindConfiguration(SessionInputOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
