namespace Platform.Contracts.Teams;

/// <summary>
/// One team, keyed by its id: name, description and members. Created, renamed and deleted only through
/// <see cref="ITeamDirectoryGrain"/>, which keeps names unique; members change here directly.
/// A non-null <c>ifVersion</c> makes a change conditional on the team's current version.
/// </summary>
[Alias("Platform.Contracts.Teams.ITeamGrain")]
public interface ITeamGrain : IGrainWithStringKey
{
    /// <summary>The team, or null when there is none.</summary>
    [Alias("Get")]
    ValueTask<Team?> Get();

    /// <summary>Creates the team; throws when a team with this id exists.</summary>
    [Alias("Create")]
    ValueTask<Team> Create(string name, string? description, string createdBy);

    /// <summary>Replaces the name and description.</summary>
    [Alias("Describe")]
    ValueTask<TeamChange> Describe(string name, string? description, long? ifVersion);

    [Alias("Delete")]
    ValueTask<TeamChange> Delete(long? ifVersion);

    /// <summary>Adds a member unless the team already has <paramref name="maxMembers"/>.</summary>
    [Alias("AddMember")]
    ValueTask<TeamChange> AddMember(TeamMember member, int maxMembers, long? ifVersion);

    [Alias("RemoveMember")]
    ValueTask<TeamChange> RemoveMember(string memberId, long? ifVersion);
}
