using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.ApiService.RateLimits;
using Platform.ApiService.Requests;

namespace Platform.ApiService.Authentication;

/// <summary>HTTP Basic authentication (RFC 7617) against the configured user directory.</summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CredentialVerifier credentials,
    PasswordFailureLimiter failures,
    ApiRequestContext request,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";

    /// <summary>Why authentication failed, when another scheme failed and this one challenges.</summary>
    public const string FailureItem = "authentication-failure";
    /// <summary>Set when the password-failure throttle refused to check a password: the challenge answers 429.</summary>
    private const string ThrottledItem = "password-checks-throttled";
    private static readonly string[] Challenges = ["Basic realm=\"session-platform\", charset=\"UTF-8\"", "Bearer realm=\"session-platform\""];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !SchemeName.Equals(header.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!TryDecode(header.Parameter, out var userId, out var password))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Basic credentials are malformed: expected base64 of 'user:password'."));
        }

        var clientIp = request.ClientIp?.ToString() ?? "unknown";
        if (failures.IsBlocked(clientIp, userId, out var retryAfter))
        {
            Context.Items[ThrottledItem] = retryAfter;
            return Task.FromResult(AuthenticateResult.Fail("Too many failed password checks from this address or for this user name; the password was not checked."));
        }

        if (!credentials.Verify(userId, password))
        {
            failures.RecordFailure(clientIp, userId);
            return Task.FromResult(AuthenticateResult.Fail("Invalid user name or password."));
        }

        return Task.FromResult(CallerIdentity.Authenticated(userId, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (Context.Items[ThrottledItem] is TimeSpan retryAfter)
        {
            await TooManyRequests.WriteAsync(Context, retryAfter, result.Failure?.Message ?? "Too many failed password checks.");
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenges;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = properties.Items.TryGetValue(FailureItem, out var failure) && failure is not null
                    ? failure
                    : result.Failure?.Message ?? "Send HTTP Basic credentials, or a bearer token from POST /auth/sessions, to use this endpoint.",
            },
        });
    }

    private static bool TryDecode(string? parameter, out string userId, out string password)
    {
        userId = password = "";
        if (string.IsNullOrEmpty(parameter))
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[512];
        if (parameter.Length > 680 || !Convert.TryFromBase64String(parameter, buffer, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer[..written]);
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        userId = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }
}
