using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A free port whose next <paramref name="count"/> - 1 ports are free too.</summary>
    public static int NextRun(int count)
    {
        while (true)
        {
            var first = Next();
            if (Enumerable.Range(first + 1, count - 1).All(IsFree)) return first;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
