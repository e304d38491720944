using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Platform.AppHost.Running;

/// <summary>Asks a process to stop with a signal, so it can shut down cleanly; kills it where signals do not exist.</summary>
internal static partial class Signals
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    public static void Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows() || Kill(pid, signal) != 0)
        {
            Process.GetProcessById(pid).Kill(entireProcessTree: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
