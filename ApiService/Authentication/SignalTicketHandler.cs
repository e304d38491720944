using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.ApiService.Cluster;
using Platform.ApiService.Logins;
using Platform.Contracts.Signals;

namespace Platform.ApiService.Authentication;

/// <summary>
/// <c>GET /signals/stream?ticket=…</c>: a ticket from <c>POST /signals/tickets</c> stands in for the
/// caller's credentials on that one endpoint, once, before it expires. A browser's EventSource cannot
/// send an Authorization header; a password or a long-lived token must not go into a URL.
/// </summary>
public sealed class SignalTicketHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SignalTicket";
    public const string QueryParameter = "ticket";
    public static readonly PathString StreamPath = "/signals/stream";

    public static bool Carries(HttpRequest request) => request.Query.ContainsKey(QueryParameter);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var ticket = Request.Query[QueryParameter].ToString();
        if (Request.Path != StreamPath)
        {
            return AuthenticateResult.Fail($"A ticket opens only {StreamPath}.");
        }

        if (!LoginToken.IsWellFormed(ticket) || await grains.Get<ISignalTicketGrain>(LoginToken.Hash(ticket)).Redeem() is not { } user)
        {
            return AuthenticateResult.Fail("The ticket is not valid: unknown, expired or used already. Ask POST /signals/tickets for a new one.");
        }

        return CallerIdentity.Authenticated(user, SchemeName);
    }
}
