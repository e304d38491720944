using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Platform.ApiService.Logins;

/// <summary>Opaque bearer tokens: 256 bits from a cryptographic random source, base64url; stored only as a SHA-256 hash.</summary>
public static class LoginToken
{
    private const int TokenBytes = 32;
    private const int TokenLength = 43;

    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>Whether the text could be a token this API issued (checked before any lookup).</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && Base64Url.IsValid(token, out var decoded) && decoded == TokenBytes;
}
