namespace Platform.Silo.Signals;

/// <summary>Names the grain storage that holds signal logs and reports (<c>Orleans:GrainStorage:signalstore</c>).</summary>
public static class SignalStorage
{
    /// <summary>
    /// Not "signals": Orleans keeps a stream provider's subscriptions in the grain storage of the provider's
    /// own name when there is one, and the durable stream provider is called "signals".
    /// </summary>
    public const string ProviderName = "signalstore";
}
