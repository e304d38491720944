using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults;

namespace Platform.Tests.Telemetry;

/// <summary>
/// What the dashboard receives from a service under load: the app host sets <c>OTEL_TRACES_SAMPLER=always_on</c>,
/// and the services still start no more traces a second than <c>Telemetry:TracesPerSecond</c>.
/// </summary>
public sealed class TraceSamplingTests
{
    [Fact]
    public void Under_a_burst_a_service_starts_only_its_traces_per_second_and_more_as_time_passes_despite_always_on()
    {
        var time = new FakeTimeProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = $"sampling-{Guid.NewGuid():N}" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Nothing listens there: spans are only queued for export.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
            ["OTEL_TRACES_SAMPLER"] = "always_on",
            ["Telemetry:TracesPerSecond"] = "3",
        });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddPlatformTelemetry();
        using var host = builder.Build();
        using var tracing = host.Services.GetRequiredService<TracerProvider>();
        using var source = new ActivitySource(builder.Environment.ApplicationName);

        var first = RecordedRootsOf(source, 50);
        time.Advance(TimeSpan.FromSeconds(1));
        var second = RecordedRootsOf(source, 50);

        Assert.Equal(3, first);
        Assert.Equal(3, second);
    }

    [Fact]
    public void A_request_that_arrives_with_a_sampled_parent_is_traced_even_when_the_bucket_is_empty()
    {
        var time = new FakeTimeProvider();
        var sampler = new ParentBasedSampler(new TraceRateSampler(1, time));
        var root = new SamplingParameters(default, ActivityTraceId.CreateRandom(), "GET /session/{key}", ActivityKind.Server);
        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var withParent = new SamplingParameters(sampledParent, sampledParent.TraceId, "GET /session/{key}", ActivityKind.Server);

        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(root).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(root).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(withParent).Decision);
    }

    private static int RecordedRootsOf(ActivitySource source, int count)
    {
        var recorded = 0;
        for (var i = 0; i < count; i++)
        {
            using var activity = source.StartActivity("request", ActivityKind.Server);
            recorded += activity is { Recorded: true } ? 1 : 0;
        }

        return recorded;
    }
}
