namespace Platform.Tests.Infrastructure;

/// <summary>A platform started by its app host on data of its own, shared by one test class and removed after it.</summary>
public abstract class AppHostPlatform(params string[] options) : IAsyncLifetime
{
    /// <summary>How long a fault test waits for the platform to recover.</summary>
    public static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(90);

    private readonly string _data = Directory.CreateTempSubdirectory("platform-apphost-").FullName;

    public AppHostUnderTest Host { get; private set; } = null!;

    /// <summary>Started whole, both silos in the cluster; each test that kills or stops a silo leaves it whole again.</summary>
    public async Task InitializeAsync()
    {
        Host = await AppHostUnderTest.Start(_data, options);
        await Host.UntilTwoSilosActive(RecoveryLimit, "both silos joined the cluster");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
