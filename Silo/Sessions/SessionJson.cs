using System.Text.Encodings.Web;
using System.Text.Json;

namespace Platform.Silo.Sessions;

internal static class SessionJson
{
    /// <summary>Compact JSON that keeps non-ASCII text readable; values go out as application/json, never into HTML.</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// At least what a stored session spends outside its values:
    /// <c>{"version":…,"values":{},"created":"…","lastAccessed":"…","signalLogMoved":false}</c> with the longest number and dates.
    /// </summary>
    public const int EnvelopeBytes = 256;

    /// <summary>One value in the stored document, <c>"key":value,</c>, with the key escaped as the storage serializer escapes it.</summary>
    public static long StoredMemberBytes(string key, byte[] utf8Json) =>
        JsonEncodedText.Encode(key).EncodedUtf8Bytes.Length + utf8Json.Length + 4;
}
