using System.Collections.Immutable;
using Platform.Contracts.Teams;

namespace Platform.Silo.Teams;

/// <summary>Every team's id and name, in the order they were created.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Silo.Teams.TeamDirectoryState")]
public sealed record TeamDirectoryState
{
    [Id(0)] public ImmutableList<TeamListing> Teams { get; init; } = [];
}
