using System.Text.Json;
using Platform.Contracts.Sessions;

namespace Platform.ApiService.Sessions;

public static class SessionJson
{
    /// <summary>
    /// <c>{"version":n,"values":{...}}</c>, embedding the stored JSON values as they are, plus
    /// <c>"expired":{"reason":…,"at":…}</c> when the caller's previous session expired.
    /// </summary>
    public static byte[] Snapshot(SessionSnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", snapshot.Tag.Version);
            writer.WriteStartObject("values");
            foreach (var (key, json) in snapshot.Values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                writer.WriteRawValue(json, skipInputValidation: true);
            }

            writer.WriteEndObject();
            if (snapshot.Expired is { } expired)
            {
                writer.WriteStartObject("expired");
                writer.WriteString("reason", Reason(expired));
                writer.WriteString("at", expired.At);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The <c>Session-Expired</c> header: <c>idle; at=2026-11-24T07:00:00.0000000+00:00</c>.</summary>
    public static string Describe(SessionExpiry expired) => $"{Reason(expired)}; at={expired.At.UtcDateTime:O}";

    private static string Reason(SessionExpiry expired) => expired.Reason == SessionExpiryReason.Idle ? "idle" : "absolute";
}
