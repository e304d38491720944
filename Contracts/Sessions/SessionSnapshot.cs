namespace Platform.Contracts.Sessions;

/// <summary>A whole session: UTF-8 JSON values by key (never modified once made), and its tag.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Sessions.SessionSnapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] SessionTag Tag,
    [property: Id(1)] IReadOnlyDictionary<string, byte[]> Values,
    [property: Id(2)] SessionExpiry? Expired);
