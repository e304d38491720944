namespace Platform.AppHost.Supervision;

/// <summary>When the app host stops, resources stop in ascending <see cref="Order"/>: the API, then silos, then what they use.</summary>
public sealed record StopOrderAnnotation(int Order) : IResourceAnnotation;
