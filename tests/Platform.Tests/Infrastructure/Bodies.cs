using System.Text;

namespace Platform.Tests.Infrastructure;

/// <summary>Request bodies the tests send.</summary>
public static class Bodies
{
    public static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);
}
