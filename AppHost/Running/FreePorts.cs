using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Running;

/// <summary>Hands out distinct free loopback ports.</summary>
internal sealed class FreePorts
{
    private readonly HashSet<int> _given = [];

    public int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (_given.Add(port))
            {
                return port;
            }
        }
    }

    public static bool IsFree(int port)
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
}
