using System.ComponentModel.DataAnnotations;

namespace Platform.ApiService.RateLimits;

/// <summary>
/// How many failed password checks a client address, and separately a user name, may cause in a window
/// (section <c>RateLimiting:PasswordFailures</c>); beyond that, passwords are not checked until the window ends.
/// </summary>
public sealed class PasswordFailureLimitOptions
{
    public const string SectionName = "RateLimiting:PasswordFailures";

    [Range(1, 100_000, ErrorMessage = "must be between 1 and 100000")]
    public int PermitLimit { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "must be between 00:00:01 and 1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
