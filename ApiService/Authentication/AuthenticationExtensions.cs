using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Platform.ApiService.Authentication;

public static class AuthenticationExtensions
{
    /// <summary>The default scheme: picks Basic, bearer or the proxy scheme by what the request carries.</summary>
    public const string CallerScheme = "Caller";

    public static IHostApplicationBuilder AddCallerAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UserDirectoryOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                configuration.GetSection(UserDirectoryOptions.SectionName).Bind(options.Users))
            .Validate(options => options.Users.Values.All(user => PasswordHash.IsWellFormed(user.PasswordHash)),
                "Every entry of the Users section needs a PasswordHash of the form pbkdf2-sha256$iterations$salt$hash " +
                "(make one with: dotnet run --project ApiService -- hash-password PASSWORD). Plain passwords are not accepted.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CredentialVerifier>();
        var proxy = builder.Configuration.GetSection("Authentication:Proxy");
        var proxyHeader = proxy.GetValue("UserHeader", new ProxyAuthenticationOptions().UserHeader)!;
        builder.Services.AddAuthentication(CallerScheme)
            .AddPolicyScheme(CallerScheme, "Basic credentials, a bearer token, a trusted proxy's user header, or an event-stream ticket", options =>
            {
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString() is var authorization
                    && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? BearerTokenHandler.SchemeName
                        : authorization.Length == 0 && context.Request.Headers.ContainsKey(proxyHeader)
                            ? ProxyAuthenticationHandler.SchemeName
                            : authorization.Length == 0 && SignalTicketHandler.Carries(context.Request)
                                ? SignalTicketHandler.SchemeName
                                : BasicAuthenticationHandler.SchemeName;
                options.ForwardChallenge = BasicAuthenticationHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, SignalTicketHandler>(SignalTicketHandler.SchemeName, null)
            .AddScheme<ProxyAuthenticationOptions, ProxyAuthenticationHandler>(ProxyAuthenticationHandler.SchemeName, proxy.Bind);
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>Authenticates every request; wrong credentials or a dead token get 401 even on endpoints open to anonymous callers.</summary>
    public static WebApplication UseCallerAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            // A success UseAuthentication keeps as a feature; only a failure or no result is asked for again (the handler remembers it).
            var result = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult ?? await context.AuthenticateAsync();
            if (result.Failure is not null)
            {
                await context.ChallengeAsync(new AuthenticationProperties { Items = { [BasicAuthenticationHandler.FailureItem] = result.Failure.Message } });
                return;
            }

            await next(context);
        });
        app.UseAuthorization();
        return app;
    }
}
