using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Tests.Infrastructure;

/// <summary>The in-memory test server has no client address; this gives every request one, as a socket would.</summary>
public sealed class RemoteAddress(IPAddress address) : IStartupFilter
{
    public static Action<IWebHostBuilder> Of(IPAddress address) =>
        builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddress(address)));

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
