using Microsoft.Extensions.FileProviders;
using Platform.ApiService.AspNetSessions;
using Platform.ApiService.Authentication;
using Platform.ApiService.Cluster;
using Platform.ApiService.Greeting;
using Platform.ApiService.Logins;
using Platform.ApiService.OpenApi;
using Platform.ApiService.Orders;
using Platform.ApiService.Problems;
using Platform.ApiService.Proxies;
using Platform.ApiService.RateLimits;
using Platform.ApiService.Reports;
using Platform.ApiService.Requests;
using Platform.ApiService.Sessions;
using Platform.ApiService.Signals;
using Platform.ApiService.Teams;

namespace Platform.ApiService;

/// <summary>
/// The API's features, whichever process serves them: the API's own (beside an Orleans client) or a silo
/// (co-hosted, so a session whose grain is on that silo is read without leaving the process).
/// </summary>
public static class PlatformApiExtensions
{
    /// <summary>The API's settings files, shipped beside its assembly under their own name so a silo that hosts the API keeps its own appsettings.json.</summary>
    private const string SettingsFile = "apisettings";

    public static WebApplicationBuilder AddPlatformApi(this WebApplicationBuilder builder)
    {
        builder.AddApiSettings();
        builder.AddRequestContext();
        builder.AddTrustedProxies();
        builder.AddProblemResponses();
        builder.AddUndeliveredCallRetry();
        builder.AddCallerAuthentication();
        builder.AddRateLimits();
        builder.AddSessionInput();
        builder.AddSignals();
        builder.AddTeams();
        builder.AddOrders();
        builder.AddApiDocument();
        return builder;
    }

    public static WebApplication UsePlatformApi(this WebApplication app)
    {
        app.UseRequestContext();
        app.UseTrustedProxies();
        app.UseProblemResponses();
        app.UseCallerAuthentication();
        app.UseRateLimits();
        app.UseRequestSignals();
        app.UseGrainSessions();
        app.MapApiDocument();
        app.MapGreetingApi().WithCallerProblems();
        app.MapSessionApi().RequireCaller();
        app.MapLoginApi().RequireCaller();
        app.MapSessionSampleApi().RequireCaller();
        app.MapSignalApi().RequireCaller();
        app.MapReportApi().RequireCaller();
        app.MapTeamsApi().RequireCaller();
        app.MapOrdersApi().RequireCaller();
        return app;
    }

    /// <summary>
    /// <c>apisettings.json</c> and <c>apisettings.{Environment}.json</c> beneath every other source: the host's
    /// own appsettings, YAML, environment and command line still override them.
    /// </summary>
    private static void AddApiSettings(this WebApplicationBuilder builder)
    {
        var files = new PhysicalFileProvider(AppContext.BaseDirectory);
        string[] names = [$"{SettingsFile}.json", $"{SettingsFile}.{builder.Environment.EnvironmentName}.json"];
        var sources = (IConfigurationBuilder)builder.Configuration;
        for (var i = 0; i < names.Length; i++)
        {
            sources.Sources.Insert(i, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                FileProvider = files,
                Path = names[i],
                Optional = true,
                ReloadOnChange = true,
            });
        }
    }
}
