using Platform.ServiceDefaults.Configuration;

namespace Platform.ApiService.Sessions;

public static class SessionInputExtensions
{
    public static IHostApplicationBuilder AddSessionInput(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SessionInputOptions>(SessionInputOptions.SectionName)
            .ValidateOnStart();
        return builder;
    }
}
