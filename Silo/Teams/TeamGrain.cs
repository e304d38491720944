using Platform.Contracts.Teams;
using Platform.Silo.Storage;

namespace Platform.Silo.Teams;

public sealed class TeamGrain(
    [PersistentState("team", TeamStorage.ProviderName)] IPersistentState<TeamState> team,
    TimeProvider time)
    : Grain, ITeamGrain
{
    private bool Exists => team.State.Name is not null;

    public ValueTask<Team?> Get() => ValueTask.FromResult(Exists ? Snapshot() : null);

    public async ValueTask<Team> Create(string name, string? description, string createdBy)
    {
        if (Exists) throw new InvalidOperationException($"Team id {this.GetPrimaryKeyString()} was taken.");
        var now = time.GetUtcNow();
        await Commit(new TeamState { Name = name, Description = description, Created = now, CreatedBy = createdBy });
        return Snapshot();
    }

    public async ValueTask<TeamChange> Describe(string name, string? description, long? ifVersion) =>
        Refusal(ifVersion) ?? await Commit(team.State with { Name = name, Description = description });

    public async ValueTask<TeamChange> Delete(long? ifVersion)
    {
        if (Refusal(ifVersion) is { } refused) return refused;
        var previous = team.State;
        try
        {
            await team.ClearStateAsync();
        }
        catch
        {
            team.State = previous;
            throw;
        }

        team.State = new TeamState();
        return new TeamChange(TeamOutcome.Applied, null);
    }

    public async ValueTask<TeamChange> AddMember(TeamMember member, int maxMembers, long? ifVersion)
    {
        if (Refusal(ifVersion) is { } refused) return refused;
        if (team.State.Members.Count >= maxMembers) return new TeamChange(TeamOutcome.TeamFull, Snapshot());
        if (member.Email is { } email && team.State.Members.Exists(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            return new TeamChange(TeamOutcome.EmailTaken, Snapshot());
        }

        return await Commit(team.State with { Members = team.State.Members.Add(member) });
    }

    public async ValueTask<TeamChange> RemoveMember(string memberId, long? ifVersion)
    {
        if (Refusal(ifVersion) is { } refused) return refused;
        var index = team.State.Members.FindIndex(m => m.Id == memberId);
        return index < 0
            ? new TeamChange(TeamOutcome.MemberNotFound, Snapshot())
            : await Commit(team.State with { Members = team.State.Members.RemoveAt(index) });
    }

    /// <summary>Why a change may not start: no team, or not the version the caller named.</summary>
    private TeamChange? Refusal(long? ifVersion) =>
        !Exists ? new TeamChange(TeamOutcome.NotFound, null)
        : ifVersion is { } version && version != team.State.Version ? new TeamChange(TeamOutcome.VersionMismatch, Snapshot())
        : null;

    /// <summary>Stores the next state as the next version; a failed write leaves the team as it was.</summary>
    private async Task<TeamChange> Commit(TeamState next)
    {
        await team.WriteOrRollBack(next with { Version = team.State.Version + 1, Updated = time.GetUtcNow() });
        return new TeamChange(TeamOutcome.Applied, Snapshot());
    }

    private Team Snapshot() => new(this.GetPrimaryKeyString(), team.State.Name!, team.State.Description, team.State.Members,
        team.State.Version, team.State.Created, team.State.Updated, team.State.CreatedBy);
}
