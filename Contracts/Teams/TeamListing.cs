namespace Platform.Contracts.Teams;

/// <summary>A team as the directory lists it.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Teams.TeamListing")]
public sealed record TeamListing([property: Id(0)] string Id, [property: Id(1)] string Name);
