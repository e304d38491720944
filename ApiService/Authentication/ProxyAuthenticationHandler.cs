using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.ApiService.Proxies;
using Platform.ApiService.Requests;

namespace Platform.ApiService.Authentication;

/// <summary>
/// Identity asserted by an authenticating proxy in front of the API, such as Azure Container Apps'
/// built-in authentication (<c>X-MS-CLIENT-PRINCIPAL-NAME</c>). The header is believed only from the
/// configured proxy addresses; from anywhere else it fails, so it cannot be spoofed. Off unless
/// <c>Authentication:Proxy:TrustedProxies</c> lists at least one address.
/// </summary>
public sealed class ProxyAuthenticationHandler(
    IOptionsMonitor<ProxyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ProxyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "Proxy";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Options.TrustedProxies.Count == 0 || Request.Headers[Options.UserHeader] is not [{ } userId])
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // The connection's own peer: forwarded headers may already have replaced RemoteIpAddress with the client's.
        var peer = Context.RequestServices.GetRequiredService<ApiRequestContext>().PeerIp;
        if (!TrustedProxyOptions.Contains(Options.ProxyNetworks, peer))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {Options.UserHeader} header is accepted only from a configured proxy."));
        }

        if (userId.Length is 0 or > 256)
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {Options.UserHeader} header must name a user in 1 to 256 characters."));
        }

        return Task.FromResult(CallerIdentity.Authenticated(userId, SchemeName));
    }
}

public sealed class ProxyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The request header that carries the user id.</summary>
    public string UserHeader { get; set; } = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>Addresses or CIDR networks of the proxies whose header is believed; none turns the scheme off.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    internal IReadOnlyList<System.Net.IPNetwork> ProxyNetworks =>
        _networks ??= TrustedProxyOptions.TryParse(string.Join(',', TrustedProxies), out var networks, out _) ? networks : [];

    private IReadOnlyList<System.Net.IPNetwork>? _networks;
}
