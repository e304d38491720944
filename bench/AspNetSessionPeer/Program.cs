// The peer: ASP.NET Core's session middleware over a Redis distributed cache, set up as its
// documentation does (AddStackExchangeRedisCache, AddSession, UseSession), with the same read and
// write as the platform's session API.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddStackExchangeRedisCache(options =>
{
    options.Configuration = builder.Configuration.GetConnectionString("redis");
    options.InstanceName = "aspnet-session-peer:";
});
builder.Services.AddSession(options =>
{
    options.IdleTimeout = TimeSpan.FromMinutes(20);
    options.Cookie.HttpOnly = true;
    options.Cookie.IsEssential = true;
});

var app = builder.Build();
app.UseSession();

app.MapGet("/session/{key}", async (string key, HttpContext context) =>
{
    await context.Session.LoadAsync();
    return context.Session.GetString(key) is { } json ? Results.Content(json, "application/json") : Results.NotFound();
});

app.MapPut("/session/{key}", async (string key, HttpContext context) =>
{
    using var reader = new StreamReader(context.Request.Body);
    var json = await reader.ReadToEndAsync();
    await context.Session.LoadAsync();
    context.Session.SetString(key, json);
    await context.Session.CommitAsync();
    return Results.Ok(new { key });
});

app.Run();
