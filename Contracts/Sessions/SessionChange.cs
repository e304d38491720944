namespace Platform.Contracts.Sessions;

/// <summary>The outcome of a write: the session's version afterwards, and whether anything changed.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Sessions.SessionChange")]
public sealed record SessionChange(
    [property: Id(0)] long Version,
    [property: Id(1)] bool Changed);
