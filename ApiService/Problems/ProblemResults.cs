using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.ApiService.Problems;

public static class ProblemResults
{
    /// <summary>An RFC 9457 problem answer with its status, title and detail.</summary>
    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
