namespace Platform.Contracts.Signals;

/// <summary>
/// A signal as raised, before the user's signal log numbers it. <paramref name="Data"/> is JSON text.
/// Every signal is stored in the log; durable ones (custom signals, report_ready) also go on the durable
/// stream and reach cluster subscribers at least once; the others (request lifecycle, session and login
/// changes) go only to live watchers.
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
