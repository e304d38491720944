namespace Platform.Contracts.Signals;

/// <summary>
/// Signals read back from a user's log, oldest first; <paramref name="First"/> is the oldest sequence
/// the log still holds and <paramref name="Last"/> the newest it recorded (0 when none).
/// </summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Signals.SignalPage")]
public sealed record SignalPage(
    [property: Id(0)] IReadOnlyList<Signal> Signals,
    [property: Id(1)] long First,
    [property: Id(2)] long Last);
