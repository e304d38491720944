using System.Diagnostics;
using Orleans.Runtime;

namespace Platform.Contracts.Signals;

/// <summary>
/// The request that caused a signal, carried into grains by Orleans' <see cref="RequestContext"/>, so a
/// signal a grain raises names the API request and trace behind it.
/// </summary>
public static class SignalContext
{
    public const string RequestIdKey = "request-id";
    public const string TraceIdKey = "trace-id";

    /// <summary>Called by the API for each request, before its grain calls.</summary>
    public static void Flow(string requestId, string? traceId)
    {
        RequestContext.Set(RequestIdKey, requestId);
        if (traceId is not null)
        {
            RequestContext.Set(TraceIdKey, traceId);
        }
    }

    /// <summary>
    /// A platform signal raised inside the cluster (session and login changes), for the request now being
    /// served. Stored in the user's log like every signal, but not put on the durable stream: that one is for
    /// signals a cluster subscriber must act on (custom ones, report_ready), and one per session write would
    /// wake every user's subscribers for nothing.
    /// </summary>
    public static SignalDraft Draft(string name, string user, string data, DateTimeOffset timestamp) =>
        new(name, user, data,
            RequestContext.Get(RequestIdKey) as string,
            RequestContext.Get(TraceIdKey) as string ?? Activity.Current?.TraceId.ToHexString(),
            timestamp, Durable: false);
}
