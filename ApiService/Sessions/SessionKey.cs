using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.ApiService.Sessions;

public static class SessionKey
{
    public static ProblemHttpResult? Problem(string key, SessionInputOptions rules) =>
        rules.Key.IsMatch(key)
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid session key",
                detail: $"A session key must match {rules.KeyPattern}.");
}
