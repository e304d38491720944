using System.Reflection;

namespace Platform.Bench;

public sealed record BenchOptions
{
    public const string Usage = """
        Usage: bash bench/run.sh [options]
          --rounds N           every scenario N times, interleaved by round (default 3)
          --duration SECONDS   each wrk scenario (default 8)
          --warm-up SECONDS    wrk warm-up after each start of a server (default 10)
          --connections N      wrk connections, and the concurrency of seeding (default 32)
          --threads N          wrk threads (default 2)
          --sessions N         sessions of 1 KiB: the many-users reads, the memory figure, and the cold reads with N more (default 100000)
          --topology T         cohosted (default) or separate: where the rows measured in one topology only run
                               (cold/warm read, signals off, memory, signal latency); the others run in both
          --scale N            instead of the default run: 2 co-hosted silos, N sessions seeded, reads over
                               all of them against 1 user per silo; writes the page's Scale section only
          --seed-limit SECONDS with --scale: stop seeding after this long and read what was seeded (default 600)
          --no-docs            print the table only; leave docs/benchmarks.md and the plot alone
          --help               this text
        """;

    public int Rounds { get; init; } = 3;
    public int Duration { get; init; } = 8;
    public int WarmUp { get; init; } = 10;
    public int Connections { get; init; } = 32;
    public int Threads { get; init; } = 2;
    public int Sessions { get; init; } = 100_000;
    public Topology Topology { get; init; } = Topology.Cohosted;
    public int? Scale { get; init; }
    public int SeedLimit { get; init; } = 600;
    public bool WriteDocs { get; init; } = true;
    public bool ShowHelp { get; init; }

    /// <summary>As given, for the page's "run with" line.</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static bool TryParse(string[] args, out BenchOptions options, out string? error)
    {
        options = new BenchOptions { CommandLine = args.Where(arg => arg != "--no-docs").ToArray() };
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            int Number(int min, int max) =>
                i + 1 < args.Length && int.TryParse(args[++i], out var value) && value >= min && value <= max
                    ? value
                    : throw new ArgumentException($"{name} takes a whole number from {min} to {max}.");
            try
            {
                options = name switch
                {
                    "--rounds" => options with { Rounds = Number(1, 20) },
                    "--duration" => options with { Duration = Number(1, 600) },
                    "--warm-up" => options with { WarmUp = Number(1, 600) },
                    "--connections" => options with { Connections = Number(1, 1024) },
                    "--threads" => options with { Threads = Number(1, 64) },
                    "--sessions" => options with { Sessions = Number(1_000, 1_000_000) },
                    "--topology" => options with
                    {
                        Topology = i + 1 < args.Length && Topologies.TryParse(args[++i], out var topology)
                            ? topology
                            : throw new ArgumentException("--topology takes cohosted or separate."),
                    },
                    "--scale" => options with { Scale = Number(1_000, 10_000_000) },
                    "--seed-limit" => options with { SeedLimit = Number(10, 86_400) },
                    "--no-docs" => options with { WriteDocs = false },
                    "--help" or "-h" => options with { ShowHelp = true },
                    _ => throw new ArgumentException($"Unknown option '{name}'."),
                };
            }
            catch (ArgumentException exception)
            {
                error = exception.Message;
                return false;
            }
        }

        return true;
    }

    private static string Metadata(string key) =>
        typeof(BenchOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
