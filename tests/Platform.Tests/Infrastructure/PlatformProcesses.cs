namespace Platform.Tests.Infrastructure;

/// <summary>
/// The processes an app host started from this test process: its own descendants, and DCP, which
/// detaches from it but names it as the process it monitors, with everything DCP runs.
/// </summary>
public static class PlatformProcesses
{
    public static IReadOnlyList<int> Live()
    {
        var self = Environment.ProcessId;
        var processes = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(int.Parse!)
            .Select(pid => (Pid: pid, Parent: ParentOf(pid), CommandLine: CommandLine(pid)))
            .Where(process => process.Parent >= 0)
            .ToList();
        var roots = processes.Where(p => p.CommandLine.Contains($"--monitor {self}", StringComparison.Ordinal)).Select(p => p.Pid).Append(self);
        var found = new HashSet<int>(roots);
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var process in processes.Where(p => found.Contains(p.Parent) && found.Add(p.Pid)))
            {
                grew = true;
            }
        }

        found.Remove(self);
        return found.Where(pid => ChildProcess.IsAlive(pid) && !IsTestTool(processes.First(p => p.Pid == pid).CommandLine)).ToList();
    }

    /// <summary>
    /// The real service for the pid Aspire reports: the process itself, or, when that is a project's
    /// <c>dotnet run</c> wrapper, the service under it (killing only the wrapper would orphan it).
    /// </summary>
    public static int ServiceUnder(int wrapperPid, string assemblyName) =>
        CommandLine(wrapperPid).Contains(assemblyName, StringComparison.Ordinal) ? wrapperPid :
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(int.Parse!)
            .FirstOrDefault(pid => ParentOf(pid) == wrapperPid && CommandLine(pid).Contains(assemblyName, StringComparison.Ordinal)) is var pid and > 0
            ? pid
            : throw new InvalidOperationException($"No {assemblyName} process at or under pid {wrapperPid} ({CommandLine(wrapperPid)}).");

    /// <summary>Processes the test itself starts (Azurite or Redis for other fixtures, node for ajv) are not the app host's.</summary>
    private static bool IsTestTool(string commandLine) => commandLine.Contains("platform-azurite-", StringComparison.Ordinal);

    private static int ParentOf(int pid)
    {
        try
        {
            return int.Parse(File.ReadAllText($"/proc/{pid}/stat").Split(')').Last().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
