namespace Platform.Contracts.Sessions;

/// <summary>One key's value as UTF-8 JSON (never modified once made), with the version of the session it was read at.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Sessions.SessionValue")]
public sealed record SessionValue(
    [property: Id(0)] long Version,
    [property: Id(1)] byte[] Utf8Json);
