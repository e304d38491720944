using System.ComponentModel.DataAnnotations;

namespace Platform.ServiceDefaults;

/// <summary>How much the services trace when a collector is configured (configuration section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// New traces a process starts per second at most (default 10): every request while someone clicks around,
    /// a sample under load. Requests that arrive with a sampled parent are traced whatever this says.
    /// </summary>
    [Range(0.1, 1_000_000)]
    public double TracesPerSecond { get; set; } = 10;
}
