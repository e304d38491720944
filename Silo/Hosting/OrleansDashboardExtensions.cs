using Orleans.Dashboard;

namespace Platform.Silo.Hosting;

/// <summary>
/// The Orleans dashboard at <c>/orleans/</c>, on unless <c>OrleansDashboard:Enabled</c> is false: its grain
/// profiler times every grain call, which a benchmark should not measure.
/// </summary>
public static class OrleansDashboardExtensions
{
    public const string RoutePrefix = "/orleans";

    public static bool OrleansDashboardEnabled(this IConfiguration configuration) =>
        configuration.GetValue("OrleansDashboard:Enabled", true);

    public static ISiloBuilder AddOrleansDashboardWhenEnabled(this ISiloBuilder silo, IConfiguration configuration) =>
        configuration.OrleansDashboardEnabled() ? silo.AddDashboard() : silo;

    public static WebApplication MapOrleansDashboardWhenEnabled(this WebApplication app)
    {
        if (app.Configuration.OrleansDashboardEnabled())
        {
            app.MapOrleansDashboard(routePrefix: RoutePrefix);
        }

        return app;
    }
}
