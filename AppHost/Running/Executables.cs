namespace Platform.AppHost.Running;

/// <summary>Finds programs on PATH.</summary>
internal static class Executables
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The dotnet host that runs Silo and ApiService.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Find("dotnet") ?? throw new InvalidOperationException("The dotnet host is not on PATH.");
}
