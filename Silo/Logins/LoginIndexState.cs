namespace Platform.Silo.Logins;

/// <summary>A user's login sessions, oldest first.</summary>
[GenerateSerializer, Alias("Platform.Silo.Logins.LoginIndexState")]
public sealed record LoginIndexState
{
    [Id(0)] public List<LoginRecord> Sessions { get; set; } = [];
}
