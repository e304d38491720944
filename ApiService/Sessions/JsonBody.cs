using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.ApiService.Sessions;

/// <summary>A request body that must be one JSON value, compacted to UTF-8; or the problem that says why not.</summary>
public readonly record struct JsonBody(byte[]? Utf8Json, JsonElement Element, ProblemHttpResult? Problem)
{
    // Duplicate names are refused: a merge patch or merge over such a value could not say which one wins.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    // Values go back out as application/json, never into HTML, so non-ASCII text stays readable.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<JsonBody> Read(HttpRequest request, int maxBytes, CancellationToken cancellationToken, params string[] mediaTypes)
    {
        var contentType = request.ContentType?.Split(';')[0].Trim();
        if (!(mediaTypes.Length == 0 ? request.HasJsonContentType() : mediaTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase)))
        {
            var expected = mediaTypes.Length == 0 ? "application/json" : string.Join(" or ", mediaTypes);
            return Refused(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the body as {expected}, not '{request.ContentType ?? "no content type"}'.");
        }

        if (request.ContentLength > maxBytes || await ReadBounded(request.Body, maxBytes, cancellationToken) is not { } body)
        {
            return Refused(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A request body may hold at most {maxBytes} bytes.");
        }

        try
        {
            using var document = JsonDocument.Parse(body, Options);
            return new(JsonSerializer.SerializeToUtf8Bytes(document.RootElement, Compact), document.RootElement.Clone(), null);
        }
        catch (JsonException exception)
        {
            return Refused(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid JSON: {exception.Message}");
        }
    }

    private static JsonBody Refused(int status, string title, string detail) =>
        new(null, default, TypedResults.Problem(statusCode: status, title: title, detail: detail));

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBounded(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var read = await body.ReadAsync(buffer.GetMemory(8192), cancellationToken);
            if (read == 0) return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes) return null;
        }
    }
}
