namespace Platform.Silo.Teams;

/// <summary>Names the grain storage that holds teams and their directory (<c>Orleans:GrainStorage:teams</c>).</summary>
public static class TeamStorage
{
    public const string ProviderName = "teams";
}
