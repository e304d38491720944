using Orleans.Configuration;
using Platform.Contracts.Signals;
using Platform.Silo.Reports;
using Platform.ServiceDefaults.Configuration;

namespace Platform.Silo.Signals;

public static class SignalSiloExtensions
{
    /// <summary>How often the live stream's queues are read: it feeds the API's event streams, so often.</summary>
    private static readonly TimeSpan LivePullPeriod = TimeSpan.FromMilliseconds(25);

    /// <summary>How often the durable stream's queues are read; each read of an Azure queue is an HTTP request per queue.</summary>
    private static readonly TimeSpan DurablePullPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>What signal logs, reports and the signer need on any silo: options, metrics, stream polling.</summary>
    public static ISiloBuilder AddSignalServices(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<SignalMetrics>();
        silo.Services.AddValidatedOptions<SignalPolicyOptions>(SignalPolicyOptions.SectionName)
            .ValidateOnStart();
        silo.Services.AddValidatedOptions<ReportSigningOptions>(ReportSigningOptions.SectionName)
            .ValidateOnStart();
        // Set here, not in configuration: Orleans reads pulling options per provider name only from code.
        silo.Services.Configure<StreamPullingAgentOptions>(SignalStreams.LiveProvider, options => options.GetQueueMsgsTimerPeriod = LivePullPeriod);
        silo.Services.Configure<StreamPullingAgentOptions>(SignalStreams.DurableProvider, options => options.GetQueueMsgsTimerPeriod = DurablePullPeriod);
        return silo;
    }

    /// <summary>
    /// The embedded default for whatever the <c>Orleans</c> section leaves out: memory streams for both
    /// signal streams, memory grain storage for signal logs, reports and stream subscriptions.
    /// </summary>
    public static ISiloBuilder AddSignalProvidersNotConfigured(this ISiloBuilder silo, IConfigurationSection? orleans = null)
    {
        foreach (var storage in new[] { SignalStorage.ProviderName, SignalStreams.PubSubStore })
        {
            if (orleans?.GetSection($"GrainStorage:{storage}:ProviderType").Exists() != true)
            {
                silo.AddMemoryGrainStorage(storage);
            }
        }

        foreach (var provider in new[] { SignalStreams.DurableProvider, SignalStreams.LiveProvider })
        {
            if (orleans?.GetSection($"Streaming:{provider}:ProviderType").Exists() != true)
            {
                silo.AddMemoryStreams(provider);
            }
        }

        return silo;
    }
}
