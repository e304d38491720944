namespace Platform.Contracts.Logins;

/// <summary>Whose login session a token opens.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Logins.LoginOwner")]
public sealed record LoginOwner([property: Id(0)] string UserId, [property: Id(1)] string SessionId);
