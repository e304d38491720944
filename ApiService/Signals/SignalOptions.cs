using System.ComponentModel.DataAnnotations;

namespace Platform.ApiService.Signals;

/// <summary>The API's side of signals (configuration section <c>Signals</c>).</summary>
public sealed class SignalOptions
{
    public const string SectionName = "Signals";

    /// <summary>Whether requests raise request_started, request_finished and got_request_exception. Default on.</summary>
    public bool Lifecycle { get; set; } = true;

    /// <summary>Largest body of a custom signal, in bytes; an Azure queue message holds 64 KiB, base64 included.</summary>
    [Range(2, 32 * 1024)]
    public int MaxDataBytes { get; set; } = 16 * 1024;

    /// <summary>Lifecycle signals waiting to leave for the cluster; when full, new ones are dropped and counted.</summary>
    [Range(16, 1_000_000)]
    public int OutboxCapacity { get; set; } = 16 * 1024;

    /// <summary>
    /// How long the outbox gathers lifecycle signals before sending a round: each round costs every user in
    /// it one write of their log, so fewer, larger rounds cost far less; the signals arrive that much later.
    /// </summary>
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often an idle event stream sends a heartbeat, so proxies keep it open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Batches an event stream may hold for a client that reads slowly before it is disconnected.</summary>
    [Range(1, 100_000)]
    public int StreamBuffer { get; set; } = 256;

    /// <summary>How long an event-stream ticket stays good.</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(30);
}
