using System.Collections.Frozen;

namespace Platform.Contracts.Signals;

/// <summary>The signals the platform raises itself; custom signals may not take these names.</summary>
public static class SignalNames
{
    public const string RequestStarted = "request_started";
    public const string RequestFinished = "request_finished";
    public const string GotRequestException = "got_request_exception";
    public const string SessionChanged = "session_changed";
    public const string SessionExpired = "session_expired";
    public const string LoginSessionCreated = "login_session_created";
    public const string LoginSessionRevoked = "login_session_revoked";
    public const string ReportReady = "report_ready";

    public static readonly FrozenSet<string> Reserved = new[]
    {
        RequestStarted, RequestFinished, GotRequestException, SessionChanged, SessionExpired,
        LoginSessionCreated, LoginSessionRevoked, ReportReady,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The signals every request raises: a log keeps fewer of them than of the others (Signals:LifecycleRetention).</summary>
    public static readonly FrozenSet<string> Lifecycle = new[] { RequestStarted, RequestFinished, GotRequestException }
        .ToFrozenSet(StringComparer.Ordinal);
}
