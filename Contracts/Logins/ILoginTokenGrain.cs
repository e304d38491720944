namespace Platform.Contracts.Logins;

/// <summary>
/// One bearer token, keyed by the SHA-256 hash of the token (the token itself is never stored):
/// says whose login session it opens, until it is revoked or rotated away.
/// </summary>
[Alias("Platform.Contracts.Logins.ILoginTokenGrain")]
public interface ILoginTokenGrain : IGrainWithStringKey
{
    /// <summary>The login session this token opens, or null for an unknown or revoked token.</summary>
    [Alias("Resolve")]
    ValueTask<LoginOwner?> Resolve();

    [Alias("Assign")]
    ValueTask Assign(LoginOwner owner);

    [Alias("Revoke")]
    ValueTask Revoke();
}
