using System.Text.Encodings.Web;
using System.Text.Json;

namespace Platform.Silo.Sessions;

internal static class SessionJson
{
    /// <summary>Compact JSON that keeps non-ASCII text readable; values go out as application/json, never into HTML.</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
