using System.Reflection;

namespace Platform.AppHost;

/// <summary>The app host's command line.</summary>
public sealed record AppHostOptions
{
    public const string Usage = """
        Usage: dotnet run --project AppHost [-- options]
          --silos N              silo processes to start (default 2)
          --api-port PORT        the API's HTTP port on 127.0.0.1 (default 5000)
          --api-instances N      API processes to start, on PORT, PORT+1, ... (default 1)
          --data-dir DIR         where Redis keeps its data (default .data/ in the repository)
          --embedded             run on the embedded default even when Redis and Azurite are installed
          --storage STORE        where sessions live: auto (default: Azure tables on Azurite when installed,
                                 else Redis when installed, else memory), azure-tables, redis or memory
          --publisher manifest   write the Aspire manifest instead of running
          --output-path FILE     with --publisher: the manifest's path, relative to AppHost/
          --help                 this text
        """;

    public int Silos { get; init; } = 2;
    public int ApiPort { get; init; } = 5000;
    public int ApiInstances { get; init; } = 1;
    public string DataDirectory { get; init; } = Path.Combine(RepositoryRoot, ".data");
    public bool Embedded { get; init; }
    public string Storage { get; init; } = "auto";
    public string? Publisher { get; init; }
    public string OutputPath { get; init; } = "../aspire-manifest.json";
    public bool ShowHelp { get; init; }

    /// <summary>The repository this app host was built from; Silo and ApiService are found beside it.</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>Debug or Release: the build of Silo and ApiService that runs with this app host.</summary>
    public static string BuildConfiguration { get; } = Metadata("Configuration");

    public static bool TryParse(string[] args, out AppHostOptions options, out string? error)
    {
        options = new AppHostOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            try
            {
                options = name switch
                {
                    "--silos" => options with { Silos = Number(name, Value(), 1, 16) },
                    "--api-port" => options with { ApiPort = Number(name, Value(), 1, 65535) },
                    "--api-instances" => options with { ApiInstances = Number(name, Value(), 1, 16) },
                    "--data-dir" => options with { DataDirectory = Path.GetFullPath(Value()) },
                    "--embedded" => options with { Embedded = true },
                    "--storage" => options with { Storage = StorageName(Value()) },
                    "--publisher" => options with { Publisher = PublisherName(Value()) },
                    "--output-path" => options with { OutputPath = Value() },
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

    private static int Number(string name, string text, int min, int max) =>
        int.TryParse(text, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} takes a whole number from {min} to {max}, not '{text}'.");

    private static string StorageName(string text) =>
        text is "auto" or "azure-tables" or "redis" or "memory" ? text : throw new ArgumentException($"--storage takes auto, azure-tables, redis or memory, not '{text}'.");

    private static string PublisherName(string text) =>
        text == "manifest" ? text : throw new ArgumentException($"--publisher knows only 'manifest', not '{text}'.");

    private static string Metadata(string key) =>
        typeof(AppHostOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
