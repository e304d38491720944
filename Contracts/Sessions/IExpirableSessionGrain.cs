namespace Platform.Contracts.Sessions;

/// <summary>
/// The side of a user's session (same grain as <see cref="ISessionGrain"/>, same key) that its expiry
/// partition calls; kept apart so that the API's contract offers no call that bypasses use.
/// </summary>
[Alias("Platform.Contracts.Sessions.IExpirableSessionGrain")]
public interface IExpirableSessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Expires the session if it is due (clearing storage and raising the signal, as a request would),
    /// without counting as use. Returns when it is due next, or null when it holds nothing.
    /// </summary>
    [Alias("ExpireIfDue")]
    ValueTask<DateTimeOffset?> ExpireIfDue();
}
