namespace Platform.Contracts.Reports;

/// <summary>An HMAC-SHA256 over the report's document bytes (UTF-8 JSON), base64; which key, and when.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Reports.ReportSignature")]
public sealed record ReportSignature(
    [property: Id(0)] string Algorithm,
    [property: Id(1)] string KeyId,
    [property: Id(2)] string Value,
    [property: Id(3)] DateTimeOffset SignedAt,
    [property: Id(4)] Guid SignalId);
