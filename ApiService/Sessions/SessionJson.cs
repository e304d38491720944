using System.Text.Json;
using Platform.Contracts.Sessions;

namespace Platform.ApiService.Sessions;

/// <summary>Writes a session as <c>{"version":n,"values":{...}}</c>, embedding the stored JSON values as they are.</summary>
public static class SessionJson
{
    public static byte[] Snapshot(SessionSnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", snapshot.Version);
            writer.WriteStartObject("values");
            foreach (var (key, json) in snapshot.Values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                writer.WriteRawValue(json, skipInputValidation: true);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
