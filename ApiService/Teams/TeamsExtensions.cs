using Platform.ServiceDefaults.Configuration;

namespace Platform.ApiService.Teams;

public static class TeamsExtensions
{
    public static IHostApplicationBuilder AddTeams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TeamOptions>(TeamOptions.SectionName);
        return builder;
    }
}
