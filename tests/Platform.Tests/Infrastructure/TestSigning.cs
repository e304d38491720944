using System.Security.Cryptography;
using System.Text;

namespace Platform.Tests.Infrastructure;

/// <summary>The report signing key the tests give their silos, so they can check signatures on their own.</summary>
public static class TestSigning
{
    public static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The report's signature as a verifier computes it: HMAC-SHA256 of the document's UTF-8 bytes, base64.</summary>
    public static string Sign(string document) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(document)));
}
