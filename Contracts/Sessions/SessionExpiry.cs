namespace Platform.Contracts.Sessions;

public enum SessionExpiryReason
{
    /// <summary>No request used the session for longer than the idle timeout.</summary>
    Idle,

    /// <summary>The session lived longer than the absolute lifetime, however busy it was.</summary>
    Absolute,
}

/// <summary>That the caller's previous session expired, why and when; told once, to the next request.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Sessions.SessionExpiry")]
public sealed record SessionExpiry([property: Id(0)] SessionExpiryReason Reason, [property: Id(1)] DateTimeOffset At);
