namespace Platform.ApiService.Problems;

/// <summary>No silo that hosts the needed grain is known to this API yet (for example, none has started).</summary>
public sealed class ClusterUnavailableException(string message, Exception inner) : Exception(message, inner);
