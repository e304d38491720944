namespace Platform.Contracts.Sessions;

/// <summary>
/// One user's server-side session; the grain key is the user id. Calls run one at a time, so every
/// change is applied to the state the previous one left: no update is lost.
/// <paramref name="ifMatch"/> parameters, when given, apply the change only at that tag.
/// </summary>
[Alias("Platform.Contracts.Sessions.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    [Alias("GetAll")]
    ValueTask<SessionSnapshot> GetAll();

    [Alias("Get")]
    ValueTask<SessionValue> Get(string key);

    /// <summary>Stores one complete JSON value (UTF-8) under a key.</summary>
    [Alias("Set")]
    ValueTask<SessionChange> Set(string key, byte[] utf8Json, SessionTag? ifMatch);

    [Alias("Remove")]
    ValueTask<SessionChange> Remove(string key, SessionTag? ifMatch);

    [Alias("Clear")]
    ValueTask<SessionChange> Clear(SessionTag? ifMatch);

    /// <summary>Adds to an integer value (an absent key counts as 0) and returns the new value.</summary>
    [Alias("Increment")]
    ValueTask<SessionChange> Increment(string key, long by);

    /// <summary>Sets the key only while its value is <paramref name="expected"/> (null: while the key is absent).</summary>
    [Alias("CompareAndSet")]
    ValueTask<SessionChange> CompareAndSet(string key, byte[]? expected, byte[] utf8Json);

    /// <summary>Applies an RFC 7396 JSON merge patch to the session (a JSON object of keys) as one change.</summary>
    [Alias("MergePatch")]
    ValueTask<SessionChange> MergePatch(byte[] utf8Patch, SessionTag? ifMatch);
}
