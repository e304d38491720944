namespace Platform.Contracts.Teams;

/// <summary>What became of a change, and the team afterwards (null when there is no such team).</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Teams.TeamChange")]
public sealed record TeamChange([property: Id(0)] TeamOutcome Outcome, [property: Id(1)] Team? Team);
