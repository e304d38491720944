namespace Platform.Contracts.Storage;

/// <summary>
/// Grain storage failed or did not answer in time. The silo throws this in place of its storage provider's own
/// exception, whose assembly a caller (the API as its own process) does not have. A change that failed with it
/// was not confirmed as stored, but may still have been: a store that timed out may have taken the write. The
/// grain serves its state from before the change until its next write finds storage's newer version and reloads it.
/// </summary>
[GenerateSerializer, Alias("Platform.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Whether storage being unavailable caused <paramref name="exception"/>: Orleans wraps a storage failure in its own exceptions.</summary>
    public static bool IsCauseOf(Exception exception) => exception.Find<StorageUnavailableException>() is not null;
}
