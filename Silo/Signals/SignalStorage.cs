namespace Platform.Silo.Signals;

/// <summary>Names the grain storage that holds signal logs and reports (<c>Orleans:GrainStorage:signals</c>).</summary>
public static class SignalStorage
{
    public const string ProviderName = "signals";
}
