using Platform.ApiService.AspNetSessions;
using Platform.ApiService.Authentication;
using Platform.ApiService.Cluster;
using Platform.ApiService.Greeting;
using Platform.ApiService.Logins;
using Platform.ApiService.Orders;
using Platform.ApiService.Problems;
using Platform.ApiService.Reports;
using Platform.ApiService.Requests;
using Platform.ApiService.Sessions;
using Platform.ApiService.Signals;
using Platform.ServiceDefaults;

if (PasswordHashCommand.TryRun(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRequestContext();
builder.AddProblemResponses();
builder.AddCallerAuthentication();
builder.AddClusterClient();
builder.AddSessionInput();
builder.AddSignals();
builder.AddOrders();

var app = builder.Build();
app.UseRequestContext();
app.UseProblemResponses();
app.UseCallerAuthentication();
app.UseRequestSignals();
app.UseGrainSessions();
app.MapDefaultEndpoints();
app.MapGreetingApi();
app.MapSessionApi().RequireAuthorization();
app.MapLoginApi().RequireAuthorization();
app.MapSessionSampleApi().RequireAuthorization();
app.MapSignalApi().RequireAuthorization();
app.MapReportApi().RequireAuthorization();
app.MapOrdersApi().RequireAuthorization();
app.Run();

/// <summary>The API's entry point, named so tests can host it.</summary>
public partial class Program;
