using System.ComponentModel.DataAnnotations;

namespace Platform.Silo.Signals;

/// <summary>How many signals each user's log keeps (configuration section <c>Signals</c>).</summary>
public sealed class SignalPolicyOptions
{
    public const string SectionName = "Signals";

    /// <summary>
    /// The last signals kept per user, for <c>/signals/recent</c>, resuming event streams and subscribers
    /// that missed some. Default 128; the log is stored whole on each change, so keep it modest.
    /// </summary>
    [Range(16, 2048)]
    public int Retention { get; set; } = 128;

    /// <summary>The last durable signals kept besides, for cluster subscribers that missed some. Default 64.</summary>
    [Range(1, 1024)]
    public int DurableRetention { get; set; } = 64;

    /// <summary>
    /// Of the signals kept, at most this many lifecycle signals (request_started, request_finished,
    /// got_request_exception), the oldest dropped first. Default 16, the last 8 requests: every request raises two,
    /// and 128 of them kept in memory for each active user took about 43 KB a user (docs/benchmarks.md).
    /// </summary>
    [Range(1, 2048)]
    public int LifecycleRetention { get; set; } = 16;
}
