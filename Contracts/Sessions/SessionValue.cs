namespace Platform.Contracts.Sessions;

/// <summary>One key's raw JSON value, with the version of the session it was read at.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Sessions.SessionValue")]
public sealed record SessionValue(
    [property: Id(0)] long Version,
    [property: Id(1)] string Json);
