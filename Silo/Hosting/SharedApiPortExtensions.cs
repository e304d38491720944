using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Platform.Silo.Hosting;

/// <summary>
/// Co-hosted silos on one machine all listen on the API's port (<c>SO_REUSEPORT</c>), and the kernel spreads new
/// connections among them. A silo that stops closes only its own listener, so clients of that port keep being
/// served by the others (<see cref="SharedApiPortDrain"/> hands its clients over first): on one machine there is no
/// load balancer in front to route around a stopping silo.
/// </summary>
public static class SharedApiPortExtensions
{
    /// <summary>Set by the app host in run mode with two co-hosted silos or more, as <c>Api__SharedPort=5000</c>.</summary>
    public const string Setting = "Api:SharedPort";

    // Linux's values; other systems number them differently and balance differently.
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    public static WebApplicationBuilder ShareApiPortWhenAsked(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<int?>(Setting) is not { } port)
        {
            return builder;
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"{Setting} needs Linux's SO_REUSEPORT; elsewhere run the separate topology.");
        }

        builder.Services.AddSingleton<SharedApiPortDrain>();
        builder.Services.AddSingleton<IHostedService>(services => services.GetRequiredService<SharedApiPortDrain>());
        builder.Services.AddSingleton<IStartupFilter>(services => services.GetRequiredService<SharedApiPortDrain>());
        builder.Services.AddOptions<SocketTransportOptions>().Configure<SharedApiPortDrain>((options, drain) =>
            options.CreateBoundListenSocket = endpoint => endpoint is IPEndPoint ip && ip.Port == port
                ? drain.Track(BindShared(ip))
                : SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint));
        return builder;
    }

    private static Socket BindShared(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }

        socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
        socket.Bind(endpoint);
        return socket;
    }
}
