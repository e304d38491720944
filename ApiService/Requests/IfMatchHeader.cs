using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.ApiService.Requests;

/// <summary>Reads <c>If-Match</c> for the modules whose writes are conditional on an ETag they gave out.</summary>
public static class IfMatchHeader
{
    public delegate bool TagParser<T>(string text, out T tag);

    /// <summary>The tag the header names (null: no condition, or <c>*</c>), or the 412 problem for a tag this API never gave out.</summary>
    public static (T? Tag, ProblemHttpResult? Problem) Read<T>(HttpRequest request, TagParser<T> parse, string example) where T : struct
    {
        var header = request.Headers.IfMatch.ToString();
        if (header.Length == 0 || header.Trim() == "*") return (null, null);
        return parse(header.Split(',')[0], out var tag)
            ? (tag, null)
            : (null, TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed",
                detail: $"If-Match must carry an ETag this API gave out, such as {example} in quotes."));
    }
}
