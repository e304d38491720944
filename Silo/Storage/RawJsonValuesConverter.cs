using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Silo.Sessions;

namespace Platform.Silo.Storage;

/// <summary>
/// Writes a map of UTF-8 JSON values as one JSON object whose members are those values themselves,
/// and reads it back into UTF-8 JSON, so stored sessions stay readable JSON.
/// </summary>
public sealed class RawJsonValuesConverter : JsonConverter<Dictionary<string, byte[]>>
{

    public override Dictionary<string, byte[]> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object of session values.");
        }

        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            using var value = JsonDocument.ParseValue(ref reader);
            values[key] = JsonSerializer.SerializeToUtf8Bytes(value.RootElement, SessionJson.Compact);
        }

        return values;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, byte[]> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, json) in value)
        {
            writer.WritePropertyName(key);
            writer.WriteRawValue(json);
        }

        writer.WriteEndObject();
    }
}
