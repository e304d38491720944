using Orleans.Runtime;
using Polly;
using Polly.Retry;

namespace Platform.ApiService.Cluster;

public static class UndeliveredCallRetryExtensions
{
    /// <summary>Calls the API makes into the cluster, whether from its own process or co-hosted in a silo.</summary>
    public static WebApplicationBuilder AddUndeliveredCallRetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IOutgoingGrainCallFilter, UndeliveredCallRetry>();
        return builder;
    }
}

/// <summary>
/// Sends a call from the API into the cluster again when Orleans rejected it before any grain took it: the
/// client knew no live gateway yet (a silo restarted in a rolling restart), or a silo was handing its grains over
/// in a graceful stop. A rejected call did nothing, so sending it again is safe for every method, writes
/// included. For a few seconds at most, enough for the client's next gateway refresh; then the caller gets
/// the rejection (a 503). Calls made by grains are left to Orleans.
/// </summary>
internal sealed partial class UndeliveredCallRetry(ILogger<UndeliveredCallRetry> logger) : IOutgoingGrainCallFilter
{
    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<OrleansMessageRejectionException>(),
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(1),
            MaxRetryAttempts = 8,
            UseJitter = true,
            OnRetry = retry =>
            {
                LogRetry(logger, retry.AttemptNumber + 1, retry.Outcome.Exception?.Message);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        // The first send stays outside the pipeline: nearly every call is answered, and this is every call's path.
        // The pipeline's first try resends at once, then waits between tries.
        await context.Invoke();
        if (context.SourceContext is not null || !Rejected(context))
        {
            return;
        }

        await _retry.ExecuteAsync(async _ =>
        {
            await context.Invoke();
            if (Rejected(context))
            {
                throw context.Response!.Exception!;
            }
        });
    }

    private static bool Rejected(IOutgoingGrainCallContext context) => context.Response?.Exception is OrleansMessageRejectionException;

    [LoggerMessage(Level = LogLevel.Information, Message = "A call into the cluster was rejected before any grain took it ({Reason}); sending it again (retry {Attempt})")]
    private static partial void LogRetry(ILogger logger, int attempt, string? reason);
}
