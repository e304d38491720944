namespace Platform.Contracts.Teams;

/// <summary>
/// Every team's id and name (one grain, key <see cref="Key"/>): lists them, and is the one place that
/// creates, renames and deletes teams, so that no two teams share a name.
/// </summary>
[Alias("Platform.Contracts.Teams.ITeamDirectoryGrain")]
public interface ITeamDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    /// <summary>Every team, ordered by name.</summary>
    [Alias("List")]
    ValueTask<IReadOnlyList<TeamListing>> List();

    /// <summary>Creates a team under a new id, unless its name is taken.</summary>
    [Alias("Create")]
    ValueTask<TeamChange> Create(string id, string name, string? description, string createdBy);

    /// <summary>Renames or re-describes a team, unless another team has the name.</summary>
    [Alias("Update")]
    ValueTask<TeamChange> Update(string id, string name, string? description, long? ifVersion);

    [Alias("Delete")]
    ValueTask<TeamChange> Delete(string id, long? ifVersion);
}
