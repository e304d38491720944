using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.ApiService.Sessions;

/// <summary>What a session key may look like: 1 to 128 letters, digits or <c>- _ . : ~</c>.</summary>
public static class SessionKey
{
    public const int MaxLength = 128;
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:~");

    public static ProblemHttpResult? Problem(string key) =>
        key.Length is 0 or > MaxLength || key.AsSpan().ContainsAnyExcept(Allowed)
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid session key",
                detail: $"A session key is 1 to {MaxLength} characters: letters, digits, '-', '_', '.', ':' or '~'.")
            : null;

    public static ProblemHttpResult NotFound(string key) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Session key not found",
            detail: $"The session has no key '{key}'.");
}
