using Orleans.Runtime;

namespace Platform.Contracts.Signals;

/// <summary>
/// Where a user's signals travel. Durable signals go on <see cref="DurableProvider"/> (Azure queues under
/// the app host) for cluster subscribers; every signal goes on <see cref="LiveProvider"/> (memory) for
/// watchers such as the API's event streams. Each stream's key is the user id.
/// </summary>
public static class SignalStreams
{
    public const string DurableProvider = "signals";
    public const string DurableNamespace = "signals";
    public const string LiveProvider = "live";
    public const string LiveNamespace = "signals-live";

    /// <summary>The grain storage that Orleans' stream pub-sub keeps subscriptions in.</summary>
    public const string PubSubStore = "PubSubStore";

    public static StreamId Durable(string user) => StreamId.Create(DurableNamespace, user);

    public static StreamId Live(string user) => StreamId.Create(LiveNamespace, user);
}
