namespace Platform.Silo.Logins;

/// <summary>One login session as stored: its token only as a SHA-256 hash.</summary>
[GenerateSerializer, Alias("Platform.Silo.Logins.LoginRecord")]
public sealed record LoginRecord
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string TokenHash { get; set; }
    [Id(2)] public required DateTimeOffset Created { get; init; }
    [Id(3)] public required DateTimeOffset LastUsed { get; set; }
    [Id(4)] public string? ClientIp { get; init; }
    [Id(5)] public string? UserAgent { get; init; }
}
