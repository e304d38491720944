using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Session;
using Platform.ApiService.Cluster;
using Platform.Contracts.Sessions;

namespace Platform.ApiService.AspNetSessions;

public static class GrainSessionExtensions
{
    /// <summary>
    /// Gives every authenticated request <c>HttpContext.Session</c> backed by the caller's session
    /// grain (instead of <c>UseSession</c>'s cookie and cache), and saves its changes when the request ends.
    /// </summary>
    public static WebApplication UseGrainSessions(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
            {
                await next(context);
                return;
            }

            var grains = context.RequestServices.GetRequiredService<IGrainFactory>();
            var session = new GrainSession(() => grains.Get<ISessionGrain>(userId), userId);
            context.Features.Set<ISessionFeature>(new SessionFeature { Session = session });
            await next(context);
            if (session.IsModified)
            {
                await session.CommitAsync(context.RequestAborted);
            }
        });
        return app;
    }
}
