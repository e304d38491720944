namespace Platform.Contracts.Logins;

/// <summary>The login session opened, or null when the user is at the cap and new ones are refused.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Logins.LoginOpened")]
public sealed record LoginOpened([property: Id(0)] LoginSession? Session, [property: Id(1)] int Cap);
