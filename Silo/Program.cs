using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Configuration;
using Platform.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSessionSilo();
builder.AddCoHostedApiWhenEnabled();

var app = builder.Build();
app.UseCoHostedApiWhenEnabled();
app.MapDefaultEndpoints();
app.MapMemoryDiagnostics();
app.MapOrleansDashboardWhenEnabled();
app.RunWithValidConfiguration();

/// <summary>The silo's entry point, named so tests can host a silo that serves the API (co-hosted).</summary>
public partial class Program;
