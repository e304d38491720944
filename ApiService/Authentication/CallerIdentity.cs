using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Platform.ApiService.Authentication;

/// <summary>The one shape of an authenticated caller, whichever scheme proved it: the user id as name identifier and name.</summary>
public static class CallerIdentity
{
    public static AuthenticateResult Authenticated(string userId, string scheme, params Claim[] more) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, userId), .. more], scheme)),
            scheme));
}
