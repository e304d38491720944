namespace Platform.Contracts.Sessions;

/// <summary>One key's value as UTF-8 JSON (null when the key is absent), with the session's tag.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Sessions.SessionValue")]
public sealed record SessionValue(
    [property: Id(0)] SessionTag Tag,
    [property: Id(1)] byte[]? Utf8Json,
    [property: Id(2)] SessionExpiry? Expired);
