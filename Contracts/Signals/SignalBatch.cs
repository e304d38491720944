namespace Platform.Contracts.Signals;

/// <summary>
/// What one user's stream carries: signals in sequence order, and <paramref name="Previous"/>, the
/// sequence of the signal before them on the same stream. A subscriber that has not seen
/// <paramref name="Previous"/> knows it missed something (queues may redeliver late or out of order).
/// </summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Signals.SignalBatch")]
public sealed record SignalBatch(
    [property: Id(0)] long Previous,
    [property: Id(1)] IReadOnlyList<Signal> Signals);
