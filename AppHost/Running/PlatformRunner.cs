using Platform.AppHost.Model;
using StackExchange.Redis;

namespace Platform.AppHost.Running;

/// <summary>
/// Run mode: starts Redis and Azurite (each when installed), the silos and the API as child
/// processes on loopback, waits until each answers, prints what runs where, and on Ctrl+C or
/// SIGTERM stops the API, then the silos, then Redis and Azurite.
/// </summary>
public static class PlatformRunner
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);

    /// <summary>Azurite's well-known development account key, published in its documentation.</summary>
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static async Task<int> RunAsync(AppHostOptions options)
    {
        var siloDll = BuiltService("Silo", "Platform.Silo.dll");
        var apiDll = BuiltService("ApiService", "Platform.ApiService.dll");
        if (siloDll is null || apiDll is null)
        {
            Console.Error.WriteLine($"Silo or ApiService is not built ({AppHostOptions.BuildConfiguration}). Run: dotnet build Platform.sln");
            return 1;
        }

        var apiPorts = Enumerable.Range(options.ApiPort, options.ApiInstances).ToList();
        if (apiPorts.FirstOrDefault(port => !FreePorts.IsFree(port)) is var busy and > 0)
        {
            Console.Error.WriteLine($"Port {busy} on 127.0.0.1 is in use. Stop what uses it, or choose another: --api-port PORT");
            return 1;
        }

        var redisServer = options.Embedded ? null : Executables.Find("redis-server");
        var azurite = options.Embedded || options.Storage is "redis" or "memory" ? null : Executables.Find("azurite-table") ?? InstalledForTests("azurite-table");
        var store = options.Storage switch
        {
            "memory" => SessionStore.Memory,
            "redis" => SessionStore.Redis,
            _ when azurite is not null => SessionStore.AzureTableStorage,
            _ when redisServer is not null && options.Storage == "auto" => SessionStore.Redis,
            _ => SessionStore.Memory,
        };
        var missing = options.Storage switch
        {
            "azure-tables" when azurite is null => "Azurite (npm install azurite)",
            "redis" when redisServer is null => "redis-server (sudo apt-get install -y redis-server)",
            _ => null,
        };
        if (missing is not null)
        {
            Console.Error.WriteLine($"--storage {options.Storage} needs {missing}, which is not installed.");
            return 1;
        }

        var backends = new Backends(Redis: redisServer is not null, store);
        Announce(backends, options);

        using var shutdown = new ShutdownSignal();
        var ports = new FreePorts();
        var children = new List<ChildProcess>();
        var table = new List<string[]>();
        var connectionStrings = new Dictionary<string, string>();
        try
        {
            if (redisServer is not null)
            {
                var port = ports.Next();
                connectionStrings[PlatformModel.Redis] = $"127.0.0.1:{port}";
                var redis = await StartBacking(PlatformModel.Redis, redisServer, DataDirectory(options, PlatformModel.Redis), Signals.SIGTERM, directory =>
                    ["--port", $"{port}", "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--daemonize", "no", "--loglevel", "warning"]);
                children.Add(redis);
                using var multiplexer = await Readiness.RedisAnswers(redis, connectionStrings[PlatformModel.Redis], StartLimit, shutdown.Token);
                await ForgetEarlierMembership(multiplexer);
                table.Add([redis.Name, $"{redis.Pid}", $"tcp://127.0.0.1:{port}", $"append-only persistence in {DataDirectory(options, PlatformModel.Redis)}"]);
            }

            if (store == SessionStore.AzureTableStorage && azurite is not null)
            {
                var port = ports.Next();
                connectionStrings[PlatformModel.Tables] =
                    $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
                // Azurite saves its data when it closes, and it closes on SIGINT only: SIGTERM ends it on the spot.
                var storage = await StartBacking(PlatformModel.Storage, azurite, DataDirectory(options, "azurite"), Signals.SIGINT, directory =>
                    ["--tableHost", "127.0.0.1", "--tablePort", $"{port}", "--location", directory, "--silent", "--disableTelemetry", "--skipApiVersionCheck"]);
                children.Add(storage);
                await Readiness.HttpAnswers(storage, $"http://127.0.0.1:{port}/devstoreaccount1?comp=list", StartLimit, shutdown.Token);
                table.Add([storage.Name, $"{storage.Pid}", $"http://127.0.0.1:{port}", $"Azurite table service, data in {DataDirectory(options, "azurite")}"]);
            }

            var silos = Enumerable.Range(0, options.Silos).Select(_ => new SiloPorts(ports.Next(), ports.Next(), ports.Next())).ToList();
            var siloChildren = silos.Select((silo, i) => StartService($"silo-{i}", siloDll,
                PlatformModel.SiloEnvironment(new LocalValues(connectionStrings, new Dictionary<string, int>
                {
                    [PlatformModel.SiloBinding] = silo.Silo,
                    [PlatformModel.GatewayBinding] = silo.Gateway,
                }, silos), backends), silo.Http)).ToList();
            children.AddRange(siloChildren);
            await Task.WhenAll(siloChildren.Select((child, i) =>
                Readiness.HttpHealthy(child, $"http://127.0.0.1:{silos[i].Http}/health", StartLimit, shutdown.Token)));
            table.AddRange(siloChildren.Select((child, i) => new[]
            {
                child.Name, $"{child.Pid}", $"http://127.0.0.1:{silos[i].Http}", $"silo port {silos[i].Silo}, gateway port {silos[i].Gateway}",
            }));

            var apis = apiPorts.Select((port, i) => StartService(apiPorts.Count == 1 ? PlatformModel.Api : $"{PlatformModel.Api}-{i}", apiDll,
                PlatformModel.ApiEnvironment(new LocalValues(connectionStrings, new Dictionary<string, int>(), silos), backends), port)).ToList();
            children.AddRange(apis);
            await Task.WhenAll(apis.Select((api, i) => Readiness.HttpHealthy(api, $"http://127.0.0.1:{apiPorts[i]}/health", StartLimit, shutdown.Token)));
            table.AddRange(apis.Select((api, i) => new[]
            {
                api.Name, $"{api.Pid}", $"http://127.0.0.1:{apiPorts[i]}", "GET /api, /session, /auth/sessions; demo users alice and bob, password 'password'",
            }));

            PrintTable(table);
            Console.WriteLine("The platform is running. Press Ctrl+C to stop it.");
            await Task.Delay(Timeout.Infinite, shutdown.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return await Stop(children, exitCode: 0);
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            return await Stop(children, exitCode: 0);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"The platform did not start: {exception.Message}");
            return await Stop(children, exitCode: 1);
        }
    }

    private static void Announce(Backends backends, AppHostOptions options)
    {
        var missing = options.Embedded ? "not used (--embedded)" : "not installed";
        if (backends.Embedded)
        {
            Console.WriteLine($"Embedded default: redis-server and Azurite are {missing}, so the silos use Orleans development clustering and " +
                "in-memory session storage; sessions are lost when the platform stops. For the durable setup install Redis " +
                "(sudo apt-get install -y redis-server) and run this command again.");
            return;
        }

        Console.WriteLine("Durable setup: " + (backends.Redis ? "Redis clustering and reminders" : $"development clustering (redis-server is {missing})") +
            ", sessions in " + backends.Store switch
            {
                SessionStore.AzureTableStorage => "Azure Table storage (Azurite)",
                SessionStore.Redis => options.Storage == "redis" ? "Redis (--storage redis)" : "Redis (Azurite is not installed: npm install azurite)",
                _ => "memory (lost when the platform stops)",
            } + ".");
    }

    /// <summary>
    /// Starts Redis or Azurite on its data folder, first stopping one that a killed app host left
    /// running there: two servers on the same files would corrupt them.
    /// </summary>
    private static async Task<ChildProcess> StartBacking(string name, string program, string directory, int stopSignal, Func<string, string[]> arguments)
    {
        Directory.CreateDirectory(directory);
        var pidFile = Path.Combine(directory, "app-host.pid");
        await StopLeftover(pidFile, Path.GetFileName(program), stopSignal);
        var child = new ChildProcess(name, program, arguments(directory), new Dictionary<string, string>(), directory, stopSignal);
        child.Start();
        await File.WriteAllTextAsync(pidFile, $"{child.Pid}");
        return child;
    }

    private static async Task StopLeftover(string pidFile, string programName, int stopSignal)
    {
        if (!File.Exists(pidFile) || !int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid)
            || !File.Exists($"/proc/{pid}/cmdline") || !(await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Contains(programName, StringComparison.Ordinal))
        {
            return;
        }

        Console.WriteLine($"Stopping {programName} (pid {pid}), left running on its data folder by an earlier app host.");
        Signals.Send(pid, stopSignal);
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"The leftover {programName} (pid {pid}) did not stop; stop it, then start again.");
        }
    }

    private static ChildProcess StartService(string name, string dll, Dictionary<string, string> environment, int httpPort)
    {
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["DOTNET_ENVIRONMENT"] = "Development";
        environment["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1";
        environment["OTEL_SERVICE_NAME"] = name;
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        environment["PLATFORM_PARENT_PID"] = $"{Environment.ProcessId}";
        var child = new ChildProcess(name, Executables.Dotnet, [dll], environment, Path.GetDirectoryName(dll)!);
        child.Start();
        return child;
    }

    /// <summary>No silo of this cluster runs yet, so membership rows left by earlier runs are stale.</summary>
    private static async Task ForgetEarlierMembership(IConnectionMultiplexer redis) =>
        await redis.GetDatabase().KeyDeleteAsync($"{PlatformModel.LocalServiceId}/members/{PlatformModel.LocalClusterId}");

    private static async Task<int> Stop(List<ChildProcess> children, int exitCode)
    {
        // API first, then silos together, then Redis and Azurite: a silo whose Redis is gone stops slowly.
        var api = children.Where(c => c.Name.StartsWith(PlatformModel.Api, StringComparison.Ordinal));
        var silos = children.Where(c => c.Name.StartsWith(PlatformModel.Silo, StringComparison.Ordinal));
        var backing = children.Where(c => c.Name is PlatformModel.Redis or PlatformModel.Storage);
        foreach (var group in new[] { api, silos, backing })
        {
            await Task.WhenAll(group.Select(child => child.StopAsync(TimeSpan.FromSeconds(30))));
        }

        Console.WriteLine("Stopped every process of the platform.");
        return exitCode;
    }

    private static void PrintTable(List<string[]> rows)
    {
        string[] header = ["RESOURCE", "PID", "URL", "DETAILS"];
        var all = rows.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length - 1).Select(column => all.Max(row => row[column].Length)).ToArray();
        Console.WriteLine();
        foreach (var row in all)
        {
            Console.WriteLine("  " + string.Join("  ", row.Select((cell, column) => column < widths.Length ? cell.PadRight(widths[column]) : cell)));
        }

        Console.WriteLine();
    }

    private static string DataDirectory(AppHostOptions options, string service) => Path.Combine(options.DataDirectory, service);

    /// <summary>What the README's test command installed with npm, for machines where it is not on PATH.</summary>
    private static string? InstalledForTests(string program)
    {
        var path = Path.Combine(AppHostOptions.RepositoryRoot, "tests", "tools", "node_modules", ".bin", program);
        return File.Exists(path) ? path : null;
    }

    private static string? BuiltService(string project, string assembly)
    {
        var path = Path.Combine(AppHostOptions.RepositoryRoot, project, "bin", AppHostOptions.BuildConfiguration, "net10.0", assembly);
        return File.Exists(path) ? path : null;
    }
}
