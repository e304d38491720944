using StackExchange.Redis;

// The peer: what a team without the platform would write. One Redis hash per user (session:{user}),
// read and written by the API with StackExchange.Redis, its expiry slid on every use as a session
// store's would be (20 minutes, the platform's idle timeout); no session middleware.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<IConnectionMultiplexer>(await ConnectionMultiplexer.ConnectAsync(builder.Configuration.GetConnectionString("redis")!));

var app = builder.Build();
var idle = TimeSpan.FromMinutes(20);

app.MapGet("/session/{key}", async (string key, HttpRequest request, IConnectionMultiplexer redis) =>
{
    if (SessionKey(request) is not { } session) return Results.Unauthorized();
    var db = redis.GetDatabase();
    // The expiry is pipelined beside the read, not awaited: a lost refresh costs nothing the next read does not redo.
    _ = db.KeyExpireAsync(session, idle, flags: CommandFlags.FireAndForget);
    var json = await db.HashGetAsync(session, key);
    return json.HasValue ? Results.Content(json.ToString(), "application/json") : Results.NotFound();
});

app.MapPut("/session/{key}", async (string key, HttpRequest request, IConnectionMultiplexer redis) =>
{
    if (SessionKey(request) is not { } session) return Results.Unauthorized();
    using var reader = new StreamReader(request.Body);
    var json = await reader.ReadToEndAsync();
    var db = redis.GetDatabase();
    // Both awaited: the value is in Redis before the client hears so, as the platform's write is persisted.
    await Task.WhenAll(db.HashSetAsync(session, key, json), db.KeyExpireAsync(session, idle));
    return Results.Ok(new { key });
});

app.Run();

// The user as the platform's proxy scenario names it. Trusted without checks because the peer
// listens on loopback only, behind nothing but the benchmark's own load generator.
static string? SessionKey(HttpRequest request) =>
    request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"].ToString() is { Length: > 0 } user ? $"session:{user}" : null;
