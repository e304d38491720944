using System.Text.Json;
using Orleans.Storage;

namespace Platform.Silo.Storage;

/// <summary>
/// Grain state as plain System.Text.Json documents (camelCase, no type names), replacing Orleans'
/// default Newtonsoft serializer, which embeds .NET type names that break when a class is renamed.
/// </summary>
public sealed class PlainJsonGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)
        ?? throw new JsonException($"Stored state for {typeof(T).Name} is null.");
}
