using Platform.ApiService.Requests;
using Platform.Contracts.Signals;

namespace Platform.ApiService.Signals;

public static class RequestDrafts
{
    /// <summary>A signal raised by this request: its request and trace ids come from the request context.</summary>
    public static SignalDraft Draft(this ApiRequestContext request, string name, string user, string data, bool durable, DateTimeOffset timestamp) =>
        new(name, user, data, request.RequestId, request.TraceId, timestamp, durable);
}
