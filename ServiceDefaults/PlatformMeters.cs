namespace Platform.ServiceDefaults;

/// <summary>The names of the platform's own meters, exported beside ASP.NET Core's and Orleans'.</summary>
public static class PlatformMeters
{
    /// <summary>Session reads, writes and active sessions, recorded by the silos' session grains.</summary>
    public const string Sessions = "Platform.Sessions";

    /// <summary>Signals raised, recorded, dropped and delivered, in the API and the silos.</summary>
    public const string Signals = "Platform.Signals";
}
