using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Contracts.Signals;

namespace Platform.ApiService.Signals;

/// <summary>A signal as clients see it: its fields, and its data as the JSON it was raised with.</summary>
public static class SignalJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter writer, Signal signal)
    {
        writer.WriteStartObject();
        writer.WriteString("id", signal.Id);
        writer.WriteNumber("sequence", signal.Sequence);
        writer.WriteString("name", signal.Name);
        writer.WriteString("user", signal.User);
        writer.WriteString("requestId", signal.RequestId);
        writer.WriteString("traceId", signal.TraceId);
        writer.WriteString("timestamp", signal.Timestamp);
        writer.WriteBoolean("durable", signal.Durable);
        writer.WritePropertyName("data");
        writer.WriteRawValue(signal.Data);
        writer.WriteEndObject();
    }

    public static string ToJson(Signal signal)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + signal.Data.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, signal);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A page of signals: <c>{"signals":[…],"first":…,"last":…}</c>.</summary>
    public static byte[] Page(SignalPage page)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("signals");
            foreach (var signal in page.Signals)
            {
                Write(writer, signal);
            }

            writer.WriteEndArray();
            writer.WriteNumber("first", page.First);
            writer.WriteNumber("last", page.Last);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
