using Platform.ApiService;
using Platform.ApiService.Authentication;
using Platform.ApiService.Cluster;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Configuration;

if (PasswordHashCommand.TryRun(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddClusterClient();
builder.AddPlatformApi();

var app = builder.Build();
app.UsePlatformApi();
app.MapDefaultEndpoints();
app.RunWithValidConfiguration();

/// <summary>The API's entry point, named so tests can host it.</summary>
public partial class Program;
