using Platform.ApiService;

namespace Platform.Silo.Hosting;

/// <summary>The co-hosted topology: this silo also serves the API, so a session whose grain lives here is read without leaving the process.</summary>
public static class CoHostedApiExtensions
{
    /// <summary>Set by the app host (<c>--topology cohosted</c>, its default) as <c>Api__CoHosted=true</c>.</summary>
    public const string Setting = "Api:CoHosted";

    public static WebApplicationBuilder AddCoHostedApiWhenEnabled(this WebApplicationBuilder builder) =>
        builder.Configuration.GetValue<bool>(Setting) ? builder.AddPlatformApi().ShareApiPortWhenAsked() : builder;

    public static WebApplication UseCoHostedApiWhenEnabled(this WebApplication app) =>
        app.Configuration.GetValue<bool>(Setting) ? app.UsePlatformApi() : app;
}
