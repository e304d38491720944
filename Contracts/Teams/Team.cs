namespace Platform.Contracts.Teams;

/// <summary>One team as read: its members in the order they joined, and its version (the ETag).</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Teams.Team")]
public sealed record Team(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Description,
    [property: Id(3)] IReadOnlyList<TeamMember> Members,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset Created,
    [property: Id(6)] DateTimeOffset Updated,
    [property: Id(7)] string CreatedBy);
