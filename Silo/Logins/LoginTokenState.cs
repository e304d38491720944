using Platform.Contracts.Logins;

namespace Platform.Silo.Logins;

[GenerateSerializer, Alias("Platform.Silo.Logins.LoginTokenState")]
public sealed record LoginTokenState
{
    /// <summary>Null for a token that was never issued, or was revoked or rotated away.</summary>
    [Id(0)] public LoginOwner? Owner { get; set; }
}
