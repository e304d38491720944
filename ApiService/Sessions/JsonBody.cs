using System.Buffers;
using System.IO.Pipelines;
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

        return request.ContentLength > maxBytes ? TooLarge(maxBytes) : await ReadWhole(request.BodyReader, maxBytes, cancellationToken);
    }

    /// <summary>
    /// Reads the body off the request's pipe and parses it where it lies: the pipe's buffers are pooled, where a buffer of
    /// our own cost 24 KB a request (8 KB to read into, grown to 16 KB by the read that finds the end).
    /// </summary>
    private static async Task<JsonBody> ReadWhole(PipeReader reader, int maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var body = result.Buffer;
            if (body.Length > maxBytes)
            {
                reader.AdvanceTo(body.End);
                return TooLarge(maxBytes);
            }

            if (!result.IsCompleted)
            {
                reader.AdvanceTo(body.Start, body.End);
                continue;
            }

            try
            {
                return Parse(body);
            }
            finally
            {
                reader.AdvanceTo(body.End);
            }
        }
    }

    /// <summary>The document reads the pipe's buffers: what it answers is copied out of them before they go back.</summary>
    private static JsonBody Parse(ReadOnlySequence<byte> body)
    {
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

    private static JsonBody TooLarge(int maxBytes) =>
        Refused(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A request body may hold at most {maxBytes} bytes.");

    private static JsonBody Refused(int status, string title, string detail) =>
        new(null, default, TypedResults.Problem(statusCode: status, title: title, detail: detail));
}
