using System.Net.Http.Json;

namespace Platform.Bench;

/// <summary>The silo's memory with some number of active sessions: resident (from the OS) and live managed heap (after a full GC).</summary>
public sealed record MemoryPoint(int Sessions, long ResidentBytes, long LiveHeapBytes)
{
    public static async Task<MemoryPoint> Measure(Uri silo, int sessions, int pid)
    {
        using var http = new HttpClient { BaseAddress = silo };
        var live = await http.GetFromJsonAsync<LiveMemory>("/diagnostics/memory");
        // Resident memory after the forced GC, as the OS counts it.
        var resident = long.Parse(File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("VmRSS:"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return new MemoryPoint(sessions, resident, live!.LiveHeapBytes);
    }

    private sealed record LiveMemory(long LiveHeapBytes, long ResidentBytes);
}
