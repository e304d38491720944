namespace Platform.Tests.Infrastructure;

/// <summary>Waits on a condition (never a fixed sleep), failing with a message when it does not hold in time.</summary>
public static class Eventually
{
    /// <summary>How often the condition is checked again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task<T> Holds<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        Exception? last = null;
        T? value = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                value = await probe();
                if (condition(value)) return value;
            }
            catch (Exception exception)
            {
                last = exception;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"Within {limit.TotalSeconds:0}s: {what}. Last value: {value}; last error: {last?.Message}");
    }
}
