using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ApiService.Proxies;

public static class TrustedProxyExtensions
{
    /// <summary>
    /// Client address and scheme from forwarded headers, only when the connection comes from a trusted proxy.
    /// Aspire sets <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>, with which ASP.NET Core trusts every sender;
    /// that switch is turned off here so the configured list is the only trust there is.
    /// </summary>
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        builder.Configuration["ForwardedHeaders_Enabled"] = "false";
        builder.Services.AddValidatedOptions<TrustedProxyOptions>(TrustedProxyOptions.SectionName);
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            var networks = trusted.Value.Networks();
            // Empty known lists would mean "trust every sender" to the middleware: no proxy means no forwarding at all.
            forwarded.ForwardedHeaders = networks.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            // Walk a chain of trusted proxies back to the first sender that is not one.
            forwarded.ForwardLimit = null;
        });
        return builder;
    }

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}
