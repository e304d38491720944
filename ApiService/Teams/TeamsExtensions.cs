namespace Platform.ApiService.Teams;

public static class TeamsExtensions
{
    public static IHostApplicationBuilder AddTeams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TeamOptions>()
            .BindConfiguration(TeamOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
