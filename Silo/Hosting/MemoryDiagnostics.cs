using System.Diagnostics;

namespace Platform.Silo.Hosting;

/// <summary>
/// <c>GET /diagnostics/memory</c>: live managed heap after a full compacting GC, and resident memory.
/// For measuring the cost of an active session; off unless <c>Diagnostics:MemoryEndpoint</c> is true,
/// since a forced GC on demand is not something to expose in production.
/// </summary>
public static class MemoryDiagnostics
{
    public static WebApplication MapMemoryDiagnostics(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Diagnostics:MemoryEndpoint"))
        {
            app.MapGet("/diagnostics/memory", () =>
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                using var process = Process.GetCurrentProcess();
                return TypedResults.Ok(new { liveHeapBytes = GC.GetTotalMemory(forceFullCollection: false), residentBytes = process.WorkingSet64 });
            });
        }

        return app;
    }
}
