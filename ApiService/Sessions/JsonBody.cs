using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.ApiService.Sessions;

/// <summary>A request body that must be one JSON value, compacted to UTF-8; or the problem that says why not.</summary>
public readonly record struct JsonBody(byte[]? Utf8Json, ProblemHttpResult? Problem)
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    // Values go back out as application/json, never into HTML, so non-ASCII text stays readable.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<JsonBody> Read(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return new(null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send the value as application/json, not '{request.ContentType ?? "no content type"}'."));
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, Options, cancellationToken);
            return new(JsonSerializer.SerializeToUtf8Bytes(document.RootElement, Compact), null);
        }
        catch (JsonException exception)
        {
            return new(null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed JSON",
                detail: $"The body is not valid JSON: {exception.Message}"));
        }
    }
}
