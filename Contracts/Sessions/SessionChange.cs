namespace Platform.Contracts.Sessions;

/// <summary>The outcome of a change, the session's tag afterwards, and the key's value where the change computed one.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Sessions.SessionChange")]
public sealed record SessionChange(
    [property: Id(0)] SessionOutcome Outcome,
    [property: Id(1)] SessionTag Tag,
    [property: Id(2)] byte[]? Utf8Json,
    [property: Id(3)] SessionExpiry? Expired);
