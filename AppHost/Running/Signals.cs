using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Platform.AppHost.Running;

/// <summary>Asks a process to stop (SIGTERM) so it can shut down cleanly; kills it where signals do not exist.</summary>
internal static partial class Signals
{
    private const int SIGTERM = 15;

    public static void Terminate(int pid)
    {
        if (OperatingSystem.IsWindows() || Kill(pid, SIGTERM) != 0)
        {
            Process.GetProcessById(pid).Kill(entireProcessTree: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
