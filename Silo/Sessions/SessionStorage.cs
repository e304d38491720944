namespace Platform.Silo.Sessions;

/// <summary>Names the grain storage that holds sessions (<c>Orleans:GrainStorage:sessions</c>).</summary>
public static class SessionStorage
{
    public const string ProviderName = "sessions";
}
