using System.Net;
using System.Text.Json;

namespace Platform.Tests.Infrastructure;

/// <summary>Asserts an RFC 9457 problem response and returns its body.</summary>
public static class Problems
{
    public static async Task<JsonElement> Assert(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Xunit.Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Xunit.Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Xunit.Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Xunit.Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        // The request id a user quotes from the problem is the one the response's header and the logs carry.
        Xunit.Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), problem.GetProperty("requestId").GetString());
        return problem;
    }
}
