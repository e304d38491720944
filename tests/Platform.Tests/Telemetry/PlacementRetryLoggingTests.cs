extern alias SiloAssembly;

using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly.Registry;
using Platform.Tests.Infrastructure;
using SiloAssembly::Platform.Silo.Hosting;

namespace Platform.Tests.Telemetry;

/// <summary>
/// A silo's console on a normal stop of the whole cluster: Orleans' placement retries, which fail then for
/// memory streams' queue grains because no silo is active any more, are not logged as errors.
/// </summary>
public sealed class PlacementRetryLoggingTests
{
    [Fact]
    public async Task A_placement_that_finds_no_active_silo_is_logged_by_the_silo_at_debug_not_as_an_error()
    {
        var logs = new CapturedLogs();
        await using var silo = new CoHostedApiFactory(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = $"placement-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = "placement",
            ["Orleans:Endpoints:SiloPort"] = FreePort.Next().ToString(),
            ["Orleans:Endpoints:GatewayPort"] = FreePort.Next().ToString(),
            ["OrleansDashboard:Enabled"] = "false",
            ["Reports:SigningKey"] = TestSigning.Key,
            // As an operator who looks into placement would: the retries are still there, at Debug.
            ["Logging:LogLevel:Polly"] = "Debug",
        }, web => web.ConfigureLogging(logging => logging.AddProvider(logs)));
        var placement = silo.Services.GetRequiredService<ResiliencePipelineProvider<string>>()
            .GetPipeline<SiloAddress>(PlacementRetryLoggingExtensions.PlacementPipeline);

        var failure = await Assert.ThrowsAsync<OrleansException>(() => placement.ExecuteAsync<SiloAddress>(_ =>
            throw new OrleansException("No active nodes are compatible with grain memorystreamqueue")).AsTask());

        Assert.Contains("memorystreamqueue", failure.Message);
        var attempts = logs.Entries.Where(entry => entry.Category == "Polly").ToList();
        Assert.NotEmpty(attempts);
        Assert.All(attempts, attempt => Assert.Equal(LogLevel.Debug, attempt.Level));
    }
}
