using Platform.AppHost;
using Platform.AppHost.Supervision;

if (args.Contains("--help"))
{
    Console.WriteLine(PlatformOptions.Usage);
    return;
}

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = PlatformOptions.NormalizeFlags(args),
    DisableDashboard = PlatformOptions.WithoutDashboards(args),
});
var options = PlatformOptions.Bind(builder, args);

var backends = builder.AddSessionBackends(options);
var cluster = builder.AddSessionCluster(backends);
if (options.CoHosted)
{
    builder.AddCoHostedSilos(cluster, backends, options);
}
else
{
    var silo = builder.AddSilos(cluster, backends, options);
    builder.AddApis(cluster, silo, backends, options);
}

builder.AddSupervision();
builder.Build().Run();
