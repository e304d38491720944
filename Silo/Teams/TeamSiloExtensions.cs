namespace Platform.Silo.Teams;

public static class TeamSiloExtensions
{
    /// <summary>Memory grain storage for teams when the <c>Orleans</c> section configures none (the embedded default).</summary>
    public static ISiloBuilder AddTeamStorageNotConfigured(this ISiloBuilder silo, IConfigurationSection? orleans = null)
    {
        if (orleans?.GetSection($"GrainStorage:{TeamStorage.ProviderName}:ProviderType").Exists() != true)
        {
            silo.AddMemoryGrainStorage(TeamStorage.ProviderName);
        }

        return silo;
    }
}
