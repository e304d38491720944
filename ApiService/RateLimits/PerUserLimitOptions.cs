using System.ComponentModel.DataAnnotations;

namespace Platform.ApiService.RateLimits;

/// <summary>
/// Requests per caller in a window (section <c>RateLimiting:PerUser</c>): per user id, or per client address for
/// anonymous callers. Off unless <see cref="PermitLimit"/> is set.
/// </summary>
public sealed class PerUserLimitOptions
{
    public const string SectionName = "RateLimiting:PerUser";

    [Range(1, int.MaxValue, ErrorMessage = "must be at least 1")]
    public int? PermitLimit { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "must be between 00:00:00.001 and 1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
