using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.ApiService.Cluster;
using Platform.ApiService.Logins;
using Platform.Contracts.Logins;

namespace Platform.ApiService.Authentication;

/// <summary>
/// <c>Authorization: Bearer …</c> with a token from <c>POST /auth/sessions</c>. Every request asks
/// the token's grain, so a revoked or rotated token fails on the very next request, on any API instance.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>The claim naming the login session a request came through.</summary>
    public const string LoginSessionClaim = "login_session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (!LoginToken.IsWellFormed(token))
        {
            return AuthenticateResult.Fail("The bearer token is malformed.");
        }

        if (await grains.Get<ILoginTokenGrain>(LoginToken.Hash(token)).Resolve() is not { } owner)
        {
            return AuthenticateResult.Fail("The bearer token is not valid: unknown, revoked or rotated.");
        }

        return CallerIdentity.Authenticated(owner.UserId, SchemeName, new Claim(LoginSessionClaim, owner.SessionId));
    }
}
