namespace Platform.Tests.Infrastructure;

/// <summary>
/// The processes app hosts in this test process run: DCP, which detaches from its app host but names
/// it as the process it monitors, and everything DCP runs.
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
        var found = processes.Where(p => p.CommandLine.Contains($"--monitor {self}", StringComparison.Ordinal)).Select(p => p.Pid).ToHashSet();
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var process in processes.Where(p => found.Contains(p.Parent) && found.Add(p.Pid)))
            {
                grew = true;
            }
        }

        return found.Where(ChildProcess.IsAlive).ToList();
    }

    /// <summary>Those of <paramref name="pids"/> still alive, with their command lines, for a failure message.</summary>
    public static string Alive(IEnumerable<int> pids) =>
        string.Join("\n", pids.Where(ChildProcess.IsAlive).Select(pid => $"{pid}: {CommandLine(pid)}"));

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
