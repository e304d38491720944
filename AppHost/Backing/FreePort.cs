using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Backing;

/// <summary>
/// A free loopback port, for the backing services that listen on their own ports: DCP proxies only
/// endpoints it allocates, and a proxy in front of Redis would add a hop to every session read.
/// </summary>
internal static class FreePort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
