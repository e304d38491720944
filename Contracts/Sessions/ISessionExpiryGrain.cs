using Orleans.Concurrency;

namespace Platform.Contracts.Sessions;

/// <summary>
/// One of a fixed number of expiry partitions (the integer key; the silo picks it by a stable hash of
/// the user id). It keeps when each of its users' sessions is due and, when due, asks the session
/// (<see cref="IExpirableSessionGrain"/>) to expire, so that no session needs a reminder or timer of its own.
/// </summary>
[Alias("Platform.Contracts.Sessions.ISessionExpiryGrain")]
public interface ISessionExpiryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The user's session expires at <paramref name="due"/> unless used before. One-way: no request
    /// waits for it; the partition stores what it was told within seconds.
    /// </summary>
    [Alias("Track"), OneWay]
    Task Track(string userId, DateTimeOffset due);
}
