using System.Reflection;

namespace Platform.Tests.Infrastructure;

/// <summary>The Bicep CLI from its NuGet package (fetched by the test project's PackageDownload).</summary>
public static class BicepCli
{
    public static string Path
    {
        get
        {
            var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;
            Xunit.Assert.True(File.Exists(path), $"The Bicep CLI is not at {path}; a restore of the test project fetches it.");
            // NuGet does not keep the executable bit of files it extracts.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
            return path;
        }
    }
}
