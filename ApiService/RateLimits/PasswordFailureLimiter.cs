using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Platform.ApiService.RateLimits;

/// <summary>
/// Throttles password guessing: each failed check takes a permit from the client address's window and from the
/// user name's; while either is empty, no password is checked. Built on System.Threading.RateLimiting's
/// partitioned fixed-window limiter (idle partitions are dropped by it), asking with zero permits to peek.
/// </summary>
public sealed class PasswordFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public PasswordFailureLimiter(IOptions<PasswordFailureLimitOptions> options)
    {
        var limit = options.Value;
        _failures = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Whether the address or the name has no failure left; if so, when to try again.</summary>
    public bool IsBlocked(string clientIp, string userName, out TimeSpan retryAfter)
    {
        var blocked = false;
        retryAfter = TimeSpan.Zero;
        foreach (var key in Keys(clientIp, userName))
        {
            using var lease = _failures.AttemptAcquire(key, permitCount: 0);
            if (!lease.IsAcquired)
            {
                blocked = true;
                var after = lease.TryGetMetadata(MetadataName.RetryAfter, out var metadata) ? metadata : TimeSpan.FromSeconds(1);
                retryAfter = after > retryAfter ? after : retryAfter;
            }
        }

        return blocked;
    }

    public void RecordFailure(string clientIp, string userName)
    {
        foreach (var key in Keys(clientIp, userName))
        {
            _failures.AttemptAcquire(key).Dispose();
        }
    }

    public void Dispose() => _failures.Dispose();

    private static string[] Keys(string clientIp, string userName) => [$"ip:{clientIp}", $"user:{userName}"];
}
