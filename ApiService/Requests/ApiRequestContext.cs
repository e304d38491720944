using System.Net;
using System.Security.Claims;

namespace Platform.ApiService.Requests;

/// <summary>
/// What every handler may know of the request it serves (Flask's <c>g</c>), set by middleware before the
/// endpoint runs and read by injection: its id, trace, client address, caller, and values handlers add.
/// </summary>
public sealed class ApiRequestContext
{
    private HttpContext? _http;

    /// <summary>The request's id: the client's valid <c>X-Request-ID</c>, else a new one; every response carries it.</summary>
    public string RequestId { get; private set; } = "";

    public string? TraceId { get; private set; }

    /// <summary>The client's address: the connection's, or the one a trusted proxy forwarded.</summary>
    public IPAddress? ClientIp => _http?.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : _http?.Connection.RemoteIpAddress;

    /// <summary>The address the connection came from, before forwarded headers were applied (a proxy's, behind one).</summary>
    public IPAddress? PeerIp { get; private set; }

    /// <summary>The caller once authentication ran (anonymous before).</summary>
    public ClaimsPrincipal User => _http?.User ?? new ClaimsPrincipal();

    public string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>Values that handlers and middleware add for the rest of the request.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    internal void Start(HttpContext http, string requestId, string? traceId)
    {
        _http = http;
        PeerIp = http.Connection.RemoteIpAddress;
        RequestId = requestId;
        TraceId = traceId;
    }
}
