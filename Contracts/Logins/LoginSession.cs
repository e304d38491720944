namespace Platform.Contracts.Logins;

/// <summary>One login session of a user, as listed to that user.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Logins.LoginSession")]
public sealed record LoginSession(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset Created,
    [property: Id(2)] DateTimeOffset LastUsed,
    [property: Id(3)] string? ClientIp,
    [property: Id(4)] string? UserAgent);
