using System.Reflection;

namespace Platform.AppHost;

/// <summary>The repository this app host was built from: data, Azurite installed by the tests, the manifest.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = typeof(RepositoryRoot).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
}
