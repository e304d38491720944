namespace Platform.Contracts.Teams;

/// <summary>One member of a team; the id is the team's own, not a platform user id.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Teams.TeamMember")]
public sealed record TeamMember(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] string? Email,
    [property: Id(4)] DateTimeOffset Added);
