using StackExchange.Redis;

namespace Platform.AppHost.Running;

/// <summary>Waits until a child answers, giving up early if it exits.</summary>
internal static class Readiness
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task HttpHealthy(ChildProcess child, string url, TimeSpan limit, CancellationToken cancellationToken) =>
        await Until(child, limit, cancellationToken, async () =>
        {
            using var response = await Http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode;
        });

    /// <summary>Any HTTP answer will do: the server is listening.</summary>
    public static async Task HttpAnswers(ChildProcess child, string url, TimeSpan limit, CancellationToken cancellationToken) =>
        await Until(child, limit, cancellationToken, async () =>
        {
            using var response = await Http.GetAsync(url, cancellationToken);
            return true;
        });

    public static async Task<IConnectionMultiplexer> RedisAnswers(ChildProcess child, string connectionString, TimeSpan limit, CancellationToken cancellationToken)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync($"{connectionString},abortConnect=false,connectTimeout=1000");
        await Until(child, limit, cancellationToken, async () =>
        {
            await redis.GetDatabase().PingAsync();
            return true;
        });
        return redis;
    }

    private static async Task Until(ChildProcess child, TimeSpan limit, CancellationToken cancellationToken, Func<Task<bool>> probe)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (child.HasExited)
            {
                throw new InvalidOperationException($"{child.Name} exited before it was ready.");
            }

            try
            {
                if (await probe()) return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or RedisException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{child.Name} was not ready within {limit.TotalSeconds:0}s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
