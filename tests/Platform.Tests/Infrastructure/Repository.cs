using System.Reflection;

namespace Platform.Tests.Infrastructure;

/// <summary>Where the repository and the built services are.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Built(string project, string assembly) =>
        Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
