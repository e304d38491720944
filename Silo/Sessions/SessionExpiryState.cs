namespace Platform.Silo.Sessions;

/// <summary>
/// What an expiry partition stores under its own key: which bucket documents hold its due times, such as
/// <c>{"nextDocument":8,"documents":[{"id":7,"bucket":"2026-11-24T08:21:00+00:00"}]}</c>.
/// </summary>
[GenerateSerializer, Alias("Platform.Silo.Sessions.SessionExpiryState")]
public sealed record SessionExpiryState
{
    [Id(0)]
    public long NextDocument { get; set; }

    [Id(1)]
    public List<SessionExpiryDocument> Documents { get; set; } = [];
}

/// <summary>A bucket document of a partition and the time bucket it was opened for.</summary>
[GenerateSerializer, Immutable, Alias("Platform.Silo.Sessions.SessionExpiryDocument")]
public sealed record SessionExpiryDocument([property: Id(0)] long Id, [property: Id(1)] DateTimeOffset Bucket);

/// <summary>
/// One bucket document: users and when their sessions are due, in Unix milliseconds (the bulk of what
/// expiry stores, so compact), such as <c>{"due":{"alice":1795940460000}}</c>.
/// </summary>
[GenerateSerializer, Alias("Platform.Silo.Sessions.SessionExpiryBucketState")]
public sealed record SessionExpiryBucketState
{
    [Id(0)]
    public Dictionary<string, long> Due { get; set; } = new(StringComparer.Ordinal);
}
