using Azure.Storage.Queues;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Silo.Signals;

/// <summary>
/// Whether the durable signal stream's queue service answers a read. Orleans' pulling agents give up on
/// a queue service that refuses them (Azurite without --skipApiVersionCheck) while the silo still looks
/// started; this makes that visible in /health and the dashboard.
/// </summary>
internal sealed class SignalQueueHealthCheck(QueueServiceClient queues) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in queues.GetQueuesAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
            {
                break;
            }

            return HealthCheckResult.Healthy("the durable signal stream's queues answer");
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            return HealthCheckResult.Unhealthy($"the durable signal stream's queues do not answer: {exception.Message}");
        }
    }
}
