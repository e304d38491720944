using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Silo.Storage;

/// <summary>
/// Writes a map of raw JSON texts as one JSON object whose members are those values themselves,
/// and reads it back into raw texts, so stored sessions stay readable JSON.
/// </summary>
public sealed class RawJsonValuesConverter : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object of session values.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            using var value = JsonDocument.ParseValue(ref reader);
            values[key] = value.RootElement.GetRawText();
        }

        return values;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
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
