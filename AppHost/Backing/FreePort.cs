using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Backing;

/// <summary>
/// Free loopback ports for servers that listen on their own ports (DCP proxies only endpoints it allocates, and a
/// proxy in front of Redis would add a hop to every session read). Picked below Linux's ephemeral range (32768 and
/// up): a port the kernel hands out for port 0 may be taken as the local end of an outgoing connection before the
/// server binds it. The test and benchmark projects compile this same file.
/// </summary>
internal static class FreePort
{
    private const int First = 10_000;
    private const int Last = 32_000;

    /// <summary>A free port whose next <paramref name="count"/> - 1 ports are free too.</summary>
    public static int NextRun(int count)
    {
        while (true)
        {
            var first = Random.Shared.Next(First, Last - count);
            if (Enumerable.Range(first, count).All(IsFree)) return first;
        }
    }

    public static int Next() => NextRun(1);

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
}
