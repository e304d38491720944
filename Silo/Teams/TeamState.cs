using System.Collections.Immutable;
using Platform.Contracts.Teams;

namespace Platform.Silo.Teams;

/// <summary>A team as stored; immutable, so a failed write can put the previous state back.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Silo.Teams.TeamState")]
public sealed record TeamState
{
    /// <summary>Null while there is no team (never created, or deleted).</summary>
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public string? Description { get; init; }
    [Id(2)] public ImmutableList<TeamMember> Members { get; init; } = [];
    [Id(3)] public long Version { get; init; }
    [Id(4)] public DateTimeOffset Created { get; init; }
    [Id(5)] public DateTimeOffset Updated { get; init; }
    [Id(6)] public string CreatedBy { get; init; } = "";
}
