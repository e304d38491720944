namespace Platform.Contracts.Signals;

/// <summary>
/// A recorded signal: unique <paramref name="Id"/>, and <paramref name="Sequence"/>, the user's own
/// count of signals (1, 2, 3… with no gap), which orders and deduplicates delivery.
/// </summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Signals.Signal")]
public sealed record Signal(
    [property: Id(0)] Guid Id,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Name,
    [property: Id(3)] string User,
    [property: Id(4)] string Data,
    [property: Id(5)] string? RequestId,
    [property: Id(6)] string? TraceId,
    [property: Id(7)] DateTimeOffset Timestamp,
    [property: Id(8)] bool Durable);
