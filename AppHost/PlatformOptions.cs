using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Platform.AppHost;

/// <summary>
/// The app host's options: the <c>Platform</c> section of its configuration (appsettings.json,
/// <c>Platform__Silos</c>-style environment variables, or the command line).
/// </summary>
public sealed class PlatformOptions
{
    public const string SectionName = "Platform";

    public const string Usage = """
        Usage: dotnet run --project AppHost [-- options]
          --silos N             silos (Platform:Silos, default 2; 1 on the embedded default)
          --topology T          cohosted (default): every silo serves the API, all on PORT and each alone on
                                PORT+1, PORT+2, ..., and a session is read in the process that holds it;
                                separate: API processes apart from the silos, scaled apart (Platform:Topology)
          --api-instances N     with --topology separate: API instances on PORT, PORT+1, ... (Platform:ApiInstances, default 1)
          --api-port PORT       the API's first port on 127.0.0.1 (Platform:ApiPort, default 5000)
          --storage STORE       where sessions live (Platform:Storage): auto (default: Azure tables on
                                Azurite when installed, else Redis when installed, else memory),
                                azure-tables, redis or memory
          --embedded            ignore an installed Redis and Azurite (Platform:Embedded)
          --data-dir DIR        where Redis and Azurite keep their data (Platform:DataDirectory, default .data/)
          --trusted-proxies LIST
                                addresses or CIDR networks whose X-Forwarded-For the API believes
                                (Platform:TrustedProxies, default none: nothing stands in front of it here)
          --no-dashboard        run without the Aspire dashboard (and so without telemetry export), as benchmarks do
          --publisher manifest --output-path FILE
                                write the Aspire manifest instead of running (FILE relative to AppHost/)
          --help                this text
        The same settings can be given as Platform__Silos=3 (environment) or in AppHost/appsettings.json.
        """;

    /// <summary>The command line's short names for the settings above.</summary>
    public static readonly Dictionary<string, string> Switches = new()
    {
        ["--silos"] = $"{SectionName}:{nameof(Silos)}",
        ["--topology"] = $"{SectionName}:{nameof(Topology)}",
        ["--api-instances"] = $"{SectionName}:{nameof(ApiInstances)}",
        ["--api-port"] = $"{SectionName}:{nameof(ApiPort)}",
        ["--storage"] = $"{SectionName}:{nameof(Storage)}",
        ["--embedded"] = $"{SectionName}:{nameof(Embedded)}",
        ["--data-dir"] = $"{SectionName}:{nameof(DataDirectory)}",
        ["--trusted-proxies"] = $"{SectionName}:{nameof(TrustedProxies)}",
    };

    [Range(1, 16)]
    public int Silos { get; set; } = 2;

    /// <summary>
    /// <c>cohosted</c>: the API's endpoints run inside each silo, and a session grain is placed on the silo that
    /// first receives its user's request, so a read stays in one process (the faster one, see docs/benchmarks.md).
    /// <c>separate</c>: API processes with an Orleans client, scaled apart from the silos.
    /// </summary>
    [RegularExpression("^(cohosted|separate)$", ErrorMessage = "Platform:Topology takes cohosted or separate.")]
    public string Topology { get; set; } = "cohosted";

    public bool CoHosted => Topology == "cohosted";

    [Range(1, 16)]
    public int ApiInstances { get; set; } = 1;

    [Range(1, 65535)]
    public int ApiPort { get; set; } = 5000;

    [RegularExpression("^(auto|azure-tables|redis|memory)$", ErrorMessage = "Platform:Storage takes auto, azure-tables, redis or memory.")]
    public string Storage { get; set; } = "auto";

    public bool Embedded { get; set; }

    /// <summary>
    /// Passed to the API as <c>ForwardedHeaders:TrustedProxies</c>. Clients reach the API directly here, so by
    /// default no sender is trusted and a forged <c>X-Forwarded-For</c> from a local client is ignored.
    /// </summary>
    public string TrustedProxies { get; set; } = "none";

    /// <summary>False with <c>--no-dashboard</c>: no Aspire dashboard, no Orleans dashboard, no telemetry export.</summary>
    public bool Dashboards { get; set; } = true;

    public string DataDirectory { get; set; } = Path.Combine(RepositoryRoot.Path, ".data");

    /// <summary><c>--no-dashboard</c>: read before the builder exists, since Aspire takes it as a builder option.</summary>
    public static bool WithoutDashboards(string[] args) => args.Contains("--no-dashboard");

    /// <summary>The app host's options, bound from its configuration with the command line's short switches, and validated.</summary>
    public static PlatformOptions Bind(IDistributedApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(NormalizeFlags(args), Switches);
        var options = new PlatformOptions();
        builder.Configuration.GetSection(SectionName).Bind(options);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(SectionName, typeof(PlatformOptions), results.Select(r => r.ErrorMessage ?? "invalid"));
        }

        options.DataDirectory = System.IO.Path.GetFullPath(options.DataDirectory);
        options.Dashboards = !WithoutDashboards(args);
        return options;
    }

    /// <summary>
    /// The arguments as the configuration's command-line provider takes them: a bare flag such as
    /// <c>--embedded</c> becomes <c>--embedded=true</c>.
    /// </summary>
    public static string[] NormalizeFlags(string[] args) =>
        args.Where(arg => arg != "--no-dashboard").ToArray() is var kept
            ? kept.Select((arg, i) => arg == "--embedded" && (i + 1 == kept.Length || kept[i + 1].StartsWith("--", StringComparison.Ordinal))
                ? "--embedded=true"
                : arg).ToArray()
            : [];
}
