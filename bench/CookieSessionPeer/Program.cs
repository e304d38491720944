using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

// The peer: the seed chapter's session, kept in the client. The session is a JSON object,
// zlib-compressed, base64url-encoded and signed with HMAC (as Flask and Quart do); every request
// verifies and decodes it, and every write re-encodes, re-signs and sends the whole cookie back.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
var cookies = new SignedCookie(RandomNumberGenerator.GetBytes(32));

app.MapGet("/session/{key}", (string key, HttpRequest request) =>
    cookies.Read(request) is { } session && session[key] is { } value
        ? Results.Content(value.ToJsonString(), "application/json")
        : Results.NotFound());

app.MapPut("/session/{key}", async (string key, HttpContext context) =>
{
    var session = cookies.Read(context.Request) ?? new JsonObject();
    session[key] = await JsonNode.ParseAsync(context.Request.Body);
    context.Response.Cookies.Append(SignedCookie.Name, cookies.Write(session), new CookieOptions { HttpOnly = true });
    return Results.Ok(new { key });
});

app.Run();

internal sealed class SignedCookie(byte[] key)
{
    public const string Name = "session";

    public JsonObject? Read(HttpRequest request)
    {
        if (request.Cookies[Name] is not { } cookie || cookie.Split('.') is not [var payload, var signature]) return null;
        if (!CryptographicOperations.FixedTimeEquals(Sign(payload), Convert.FromBase64String(FromUrl(signature)))) return null;
        using var zlib = new ZLibStream(new MemoryStream(Convert.FromBase64String(FromUrl(payload))), CompressionMode.Decompress);
        return JsonNode.Parse(zlib) as JsonObject;
    }

    public string Write(JsonObject session)
    {
        var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(zlib, session);
        }

        var payload = ToUrl(Convert.ToBase64String(buffer.ToArray()));
        return $"{payload}.{ToUrl(Convert.ToBase64String(Sign(payload)))}";
    }

    private byte[] Sign(string payload) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload));

    private static string ToUrl(string base64) => base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromUrl(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
    }
}
