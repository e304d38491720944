namespace Platform.Contracts.Sessions;

/// <summary>What became of a change; anything but <see cref="Applied"/> and <see cref="Unchanged"/> changed nothing.</summary>
public enum SessionOutcome
{
    Applied,
    Unchanged,
    NotFound,
    /// <summary>The session moved on from the version the caller named (If-Match).</summary>
    VersionMismatch,
    /// <summary>The key's value was not the one the caller expected (compare-and-set).</summary>
    ValueMismatch,
    /// <summary>Increment of a value that is not an integer, or that would overflow.</summary>
    NotAnInteger,
    ValueTooLarge,
    SessionTooLarge,
    /// <summary>A merge patch that is not a JSON object.</summary>
    InvalidPatch,
}
