namespace Platform.AppHost.Supervision;

/// <summary>Marks a resource the app host starts again when its process dies without being asked to stop.</summary>
public sealed class RestartOnCrashAnnotation : IResourceAnnotation;
