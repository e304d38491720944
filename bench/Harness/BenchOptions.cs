using System.Reflection;

namespace Platform.Bench;

public sealed record BenchOptions
{
    public const string Usage = """
        Usage: bash bench/run.sh [options]
          --duration SECONDS   each wrk scenario (default 10)
          --connections N      wrk connections, and the bounded driver's concurrency (default 32)
          --threads N          wrk threads (default 2)
          --sessions N         active sessions of 1 KiB for the memory figure (default 100000)
          --cold N             sessions read cold, then warm (default 10000)
          --no-docs            print the table only; leave docs/benchmarks.md and the plot alone
          --help               this text
        """;

    public int Duration { get; init; } = 10;
    public int Connections { get; init; } = 32;
    public int Threads { get; init; } = 2;
    public int Sessions { get; init; } = 100_000;
    public int Cold { get; init; } = 10_000;
    public bool WriteDocs { get; init; } = true;
    public bool ShowHelp { get; init; }

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static bool TryParse(string[] args, out BenchOptions options, out string? error)
    {
        options = new BenchOptions();
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
                    "--duration" => options with { Duration = Number(1, 600) },
                    "--connections" => options with { Connections = Number(1, 1024) },
                    "--threads" => options with { Threads = Number(1, 64) },
                    "--sessions" => options with { Sessions = Number(1_000, 1_000_000) },
                    "--cold" => options with { Cold = Number(100, 1_000_000) },
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

        if (options.Cold > options.Sessions)
        {
            error = "--cold cannot exceed --sessions: the cold reads use sessions seeded for the memory figure.";
            return false;
        }

        return true;
    }

    private static string Metadata(string key) =>
        typeof(BenchOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
