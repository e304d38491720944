using System.Globalization;
using System.Runtime.InteropServices;

namespace Platform.Bench;

/// <summary>What the default run and the scale run both write on docs/benchmarks.md: the machine, the command, their marked parts.</summary>
public static class Page
{
    public static readonly string Path = System.IO.Path.Combine(BenchOptions.RepositoryRoot, "docs", "benchmarks.md");

    /// <summary>"Run on (date) on (machine), with `bash bench/run.sh …`".</summary>
    public static string RunLine(BenchOptions options) =>
        $"Run on {DateTime.UtcNow:yyyy-MM-dd} on {Machine()}, with\n`bash bench/run.sh{string.Concat(options.CommandLine.Select(arg => " " + arg))}`";

    public static string Machine()
    {
        string? Field(string file, string prefix, char separator) =>
            File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?.Split(separator, 2)[1].Trim() : null;
        var model = Field("/proc/cpuinfo", "model name", ':') ?? "unknown CPU";
        var memory = Field("/proc/meminfo", "MemTotal", ':') is { } total ? long.Parse(total.Split(' ')[0], CultureInfo.InvariantCulture) / 1048576.0 : 0;
        var os = Field("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription;
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.VersionString;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({model}), {memory:0.0} GiB memory, {os} (kernel {kernel}), .NET {Environment.Version}");
    }

    /// <summary>"1 round", "3 rounds".</summary>
    public static string Count(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>req/s over rounds: "min / median / max", or the one figure.</summary>
    public static string Throughput(Spread spread) => spread.Count == 1
        ? spread.Median.ToString("N0", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{spread.Min:N0} / {spread.Median:N0} / {spread.Max:N0}");

    /// <summary>Replaces the part between the markers (added at the end where the page has none) and leaves the rest as it is.</summary>
    public static async Task Replace(string start, string end, string section)
    {
        var text = File.Exists(Path) ? await File.ReadAllTextAsync(Path) : "# Benchmarks\n";
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        var part = start + "\n" + section + end;
        text = from < 0 || to < from ? text.TrimEnd() + "\n\n" + part + "\n" : text[..from] + part + text[(to + end.Length)..];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await File.WriteAllTextAsync(Path, text);
        Console.WriteLine($"Wrote {Path}");
    }
}
