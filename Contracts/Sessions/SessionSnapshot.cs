namespace Platform.Contracts.Sessions;

/// <summary>A session at one version. Values are UTF-8 JSON, keyed by session key; never modified once made.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Sessions.SessionSnapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyDictionary<string, byte[]> Values);
