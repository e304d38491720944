namespace Platform.Contracts.Signals;

/// <summary>
/// A signal as raised, before the user's signal log numbers it. <paramref name="Data"/> is JSON text.
/// Durable signals are stored before whoever raised them is answered and reach cluster subscribers at
/// least once; the others (request lifecycle) travel only on the live stream.
/// </summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Signals.SignalDraft")]
public sealed record SignalDraft(
    [property: Id(0)] string Name,
    [property: Id(1)] string User,
    [property: Id(2)] string Data,
    [property: Id(3)] string? RequestId,
    [property: Id(4)] string? TraceId,
    [property: Id(5)] DateTimeOffset Timestamp,
    [property: Id(6)] bool Durable);
