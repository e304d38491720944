using Platform.ApiService.AspNetSessions;
using Platform.ApiService.Authentication;
using Platform.ApiService.Cluster;
using Platform.ApiService.Greeting;
using Platform.ApiService.Logins;
using Platform.ApiService.OpenApi;
using Platform.ApiService.Orders;
using Platform.ApiService.Problems;
using Platform.ApiService.Proxies;
using Platform.ApiService.RateLimits;
using Platform.ApiService.Reports;
using Platform.ApiService.Requests;
using Platform.ApiService.Sessions;
using Platform.ApiService.Signals;
using Platform.ApiService.Teams;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Configuration;

if (PasswordHashCommand.TryRun(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRequestContext();
builder.AddTrustedProxies();
builder.AddProblemResponses();
builder.AddCallerAuthentication();
builder.AddRateLimits();
builder.AddClusterClient();
builder.AddSessionInput();
builder.AddSignals();
builder.AddTeams();
builder.AddOrders();
builder.AddApiDocument();

var app = builder.Build();
app.UseRequestContext();
app.UseTrustedProxies();
app.UseProblemResponses();
app.UseCallerAuthentication();
app.UseRateLimits();
app.UseRequestSignals();
app.UseGrainSessions();
app.MapDefaultEndpoints();
app.MapApiDocument();
app.MapGreetingApi().WithCallerProblems();
app.MapSessionApi().RequireCaller();
app.MapLoginApi().RequireCaller();
app.MapSessionSampleApi().RequireCaller();
app.MapSignalApi().RequireCaller();
app.MapReportApi().RequireCaller();
app.MapTeamsApi().RequireCaller();
app.MapOrdersApi().RequireCaller();
app.RunWithValidConfiguration();

/// <summary>The API's entry point, named so tests can host it.</summary>
public partial class Program;
