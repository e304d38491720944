namespace Platform.Contracts.Sessions;

/// <summary>A session at one version. Values are raw JSON texts, keyed by session key.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Sessions.SessionSnapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyDictionary<string, string> Values);
