using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// Free loopback ports below Linux's ephemeral range (32768 and up): a port the kernel hands out for port 0 may be
/// taken as the local end of an outgoing connection (Redis, silo, HTTP clients) before a server binds it.
/// </summary>
public static class FreePort
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
