using System.Net.Http.Json;

namespace Platform.Bench;

/// <summary>
/// The silos' memory with some number of active sessions, summed over silos: resident (from the OS) and
/// live managed heap (after a full GC).
/// </summary>
public sealed record MemoryPoint(int Round, int Sessions, long ResidentBytes, long LiveHeapBytes)
{
    /// <summary>One silo: its <c>/diagnostics/memory</c> forces the full GC, then the OS is asked.</summary>
    public static async Task<MemoryPoint> Measure(Uri silo, int pid, int round, int sessions)
    {
        using var http = new HttpClient { BaseAddress = silo };
        var live = await http.GetFromJsonAsync<LiveMemory>("/diagnostics/memory");
        var resident = long.Parse(File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("VmRSS:"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return new MemoryPoint(round, sessions, resident, live!.LiveHeapBytes);
    }

    public static MemoryPoint operator +(MemoryPoint a, MemoryPoint b) =>
        a with { ResidentBytes = a.ResidentBytes + b.ResidentBytes, LiveHeapBytes = a.LiveHeapBytes + b.LiveHeapBytes };

    private sealed record LiveMemory(long LiveHeapBytes, long ResidentBytes);
}
