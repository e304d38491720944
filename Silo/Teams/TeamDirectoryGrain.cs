using System.Collections.Immutable;
using Platform.Contracts;
using Platform.Contracts.Teams;
using Platform.Silo.Storage;

namespace Platform.Silo.Teams;

/// <summary>
/// The one grain that lists teams and guards their names. It changes a team before its own list, so an
/// interruption between the two leaves at worst a team nobody lists, never a listed team that is missing.
/// </summary>
public sealed class TeamDirectoryGrain(
    [PersistentState("directory", TeamStorage.ProviderName)] IPersistentState<TeamDirectoryState> directory)
    : Grain, ITeamDirectoryGrain
{
    private ImmutableList<TeamListing> Teams => directory.State.Teams;

    public ValueTask<IReadOnlyList<TeamListing>> List() => ValueTask.FromResult<IReadOnlyList<TeamListing>>(
        [.. Teams.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Id, StringComparer.Ordinal)]);

    public async ValueTask<TeamChange> Create(string id, string name, string? description, string createdBy)
    {
        if (NameTaken(name, byOtherThan: null)) return new TeamChange(TeamOutcome.NameTaken, null);
        var created = await Team(id).Create(name, description, createdBy);
        await Store(Teams.Add(new TeamListing(id, name)));
        return new TeamChange(TeamOutcome.Applied, created);
    }

    public async ValueTask<TeamChange> Update(string id, string name, string? description, long? ifVersion)
    {
        if (Listed(id) is not { } listed) return new TeamChange(TeamOutcome.NotFound, null);
        if (NameTaken(name, byOtherThan: id)) return new TeamChange(TeamOutcome.NameTaken, null);
        var change = await Team(id).Describe(name, description, ifVersion);
        if (change.Outcome == TeamOutcome.Applied && listed.Name != name)
        {
            await Store(Teams.Replace(listed, listed with { Name = name }));
        }

        return change;
    }

    public async ValueTask<TeamChange> Delete(string id, long? ifVersion)
    {
        if (Listed(id) is not { } listed) return new TeamChange(TeamOutcome.NotFound, null);
        var change = await Team(id).Delete(ifVersion);
        // NotFound here is a delete that stopped between the team and this list: finish it.
        if (change.Outcome is TeamOutcome.Applied or TeamOutcome.NotFound)
        {
            await Store(Teams.Remove(listed));
        }

        return change;
    }

    private TeamListing? Listed(string id) => Teams.Find(t => t.Id == id);

    private bool NameTaken(string name, string? byOtherThan) =>
        Teams.Exists(t => t.Id != byOtherThan && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    private Task Store(ImmutableList<TeamListing> teams) => directory.WriteOrRollBack(new TeamDirectoryState { Teams = teams });

    private ITeamGrain Team(string id) => GrainFactory.ByKey<ITeamGrain>(id);
}
