using System.ComponentModel.DataAnnotations;

namespace Platform.Silo.Logins;

public enum WhenLoginsFull
{
    /// <summary>A new login ends the user's least recently used login session.</summary>
    EvictOldest,

    /// <summary>A new login is refused until the user ends one.</summary>
    RejectNew,
}

/// <summary>Login sessions per user (configuration section <c>Logins</c>).</summary>
public sealed class LoginPolicyOptions
{
    public const string SectionName = "Logins";

    /// <summary>How many login sessions one user may have at once. Default 10.</summary>
    [Range(1, 1000)]
    public int MaxPerUser { get; set; } = 10;

    /// <summary>What a login beyond the cap does. Default: evict the oldest.</summary>
    public WhenLoginsFull WhenFull { get; set; } = WhenLoginsFull.EvictOldest;
}
