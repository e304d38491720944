namespace Platform.AppHost.Supervision;

/// <summary>
/// The process that really serves a resource. DCP runs a project through <c>dotnet run</c>, and Azurite under
/// a bash that turns SIGTERM into SIGINT, and reports the wrapper's pid; the service is its child (killing only
/// the wrapper would orphan the service).
/// </summary>
public static class ServiceProcess
{
    public static int? Of(ResourceEvent resource) => Of(resource.Snapshot, resource.Resource);

    public static int? Of(CustomResourceSnapshot snapshot, IResource resource)
    {
        if (snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is not { } reported
            || !int.TryParse(reported.ToString(), out var pid))
        {
            return null;
        }

        // Only where the reported process is a wrapper: a forking server such as Redis has children of its own.
        if (resource is not (ProjectResource or Backing.AzuriteResource) || !Directory.Exists("/proc"))
        {
            return pid;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var child) && ParentOf(child) == pid)
            {
                return child;
            }
        }

        // DCP reports the resource running as soon as the wrapper runs: until it has started the service, there is none to name.
        return null;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (name) state ppid ..."; the name may hold spaces, so read after the last ')'.
            return int.Parse(File.ReadAllText($"/proc/{pid}/stat").Split(')').Last().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }
}
