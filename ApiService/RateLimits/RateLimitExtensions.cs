using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Platform.ApiService.Requests;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ApiService.RateLimits;

public static class RateLimitExtensions
{
    /// <summary>
    /// ASP.NET Core's rate limiter with one global, partitioned limit per caller (off unless configured), and the
    /// password-failure throttle the Basic handler consults.
    /// </summary>
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PasswordFailureLimitOptions>(PasswordFailureLimitOptions.SectionName);
        builder.Services.AddValidatedOptions<PerUserLimitOptions>(PerUserLimitOptions.SectionName);
        builder.Services.AddSingleton<PasswordFailureLimiter>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<PerUserLimitOptions>>((limiter, perUser) =>
        {
            if (perUser.Value.PermitLimit is not { } permits)
            {
                return;
            }

            var window = perUser.Value.Window;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(CallerKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = (rejected, _) => TooManyRequests.WriteAsync(rejected.HttpContext,
                rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window,
                $"At most {permits} requests per {window} per caller (RateLimiting:PerUser); wait before sending more.");
        });
        return builder;
    }

    /// <summary>After authentication, so the limit is per user; health endpoints opt out (<c>DisableRateLimiting</c>).</summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static string CallerKey(HttpContext context)
    {
        var request = context.RequestServices.GetRequiredService<ApiRequestContext>();
        return request.UserId is { } user ? $"user:{user}" : $"ip:{request.ClientIp}";
    }
}
