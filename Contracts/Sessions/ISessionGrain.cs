using Orleans.Concurrency;

namespace Platform.Contracts.Sessions;

/// <summary>One user's server-side session; the grain key is the user id.</summary>
[Alias("Platform.Contracts.Sessions.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Every key with its JSON value, and the session's version.</summary>
    [ReadOnly, Alias("GetAll")]
    ValueTask<SessionSnapshot> GetAll();

    /// <summary>One key's JSON value, or null when the key is absent.</summary>
    [ReadOnly, Alias("Get")]
    ValueTask<SessionValue?> Get(string key);

    /// <summary>Stores <paramref name="utf8Json"/> (one complete JSON value, UTF-8) under <paramref name="key"/>.</summary>
    [Alias("Set")]
    ValueTask<SessionChange> Set(string key, byte[] utf8Json);

    /// <summary>Removes one key; <see cref="SessionChange.Changed"/> is false when it was absent.</summary>
    [Alias("Remove")]
    ValueTask<SessionChange> Remove(string key);

    /// <summary>Removes every key.</summary>
    [Alias("Clear")]
    ValueTask<SessionChange> Clear();
}
