using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Silo.Reports;

/// <summary>The report signer's key (configuration section <c>Reports</c>); the app host passes a generated secret parameter.</summary>
public sealed class ReportSigningOptions
{
    public const string SectionName = "Reports";

    /// <summary>The HMAC-SHA256 key: at least 32 characters, whose UTF-8 bytes are the key. Never logged.</summary>
    [Required(ErrorMessage = "is not set: the report signer needs a key of at least 32 characters (make one with: openssl rand -base64 32).")]
    [MinLength(32, ErrorMessage = "must be at least 32 characters long.")]
    public string? SigningKey { get; set; }

    public byte[] Key => Encoding.UTF8.GetBytes(SigningKey ?? "");

    /// <summary>Names the key without revealing it: the first 8 hex digits of its SHA-256.</summary>
    public string KeyId => Convert.ToHexStringLower(SHA256.HashData(Key))[..8];
}
