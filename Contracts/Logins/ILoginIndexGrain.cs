using Orleans.Concurrency;

namespace Platform.Contracts.Logins;

/// <summary>
/// One user's login sessions (the grain key is the user id): the only place that lists them, and
/// the one that creates, rotates and revokes their tokens.
/// </summary>
[Alias("Platform.Contracts.Logins.ILoginIndexGrain")]
public interface ILoginIndexGrain : IGrainWithStringKey
{
    /// <summary>Opens a login session for a token (known here only by its hash), within the user's cap.</summary>
    [Alias("Open")]
    ValueTask<LoginOpened> Open(string tokenHash, string? clientIp, string? userAgent);

    [Alias("List")]
    ValueTask<IReadOnlyList<LoginSession>> List();

    /// <summary>Ends one login session; false when the user has no such session.</summary>
    [Alias("Revoke")]
    ValueTask<bool> Revoke(string sessionId);

    /// <summary>Ends every login session but <paramref name="keepSessionId"/> (null: all). Returns how many ended.</summary>
    [Alias("RevokeAll")]
    ValueTask<int> RevokeAll(string? keepSessionId);

    /// <summary>Gives a login session a new token; the old one stops working. False when there is no such session.</summary>
    [Alias("Rotate")]
    ValueTask<bool> Rotate(string sessionId, string newTokenHash);

    /// <summary>Records that a login session was used.</summary>
    [Alias("Touch"), OneWay]
    ValueTask Touch(string sessionId, DateTimeOffset at);
}
