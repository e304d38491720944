using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Configuration;
using Platform.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSessionSilo();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapMemoryDiagnostics();
app.MapOrleansDashboardWhenEnabled();
app.RunWithValidConfiguration();
