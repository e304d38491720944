using Platform.Contracts.Storage;

namespace Platform.Silo.Storage;

public static class StorageFailures
{
    /// <summary>Whether a grain's storage call failed because storage is unavailable (Orleans wraps the provider's exception in its own).</summary>
    public static bool Unavailable(Exception exception) =>
        exception is StorageUnavailableException || exception.InnerException is { } inner && Unavailable(inner);
}
