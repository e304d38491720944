using System.Diagnostics;

namespace Platform.AppHost.Running;

/// <summary>
/// One supervised child: its output is prefixed with its name, an unexpected exit is reported with its
/// exit code and the child is started again (a few times at most), and stopping sends its stop signal
/// (SIGTERM unless said otherwise) before it kills.
/// Children run in their own session so the terminal's Ctrl+C reaches only the app host, which then
/// stops them in order.
/// </summary>
internal sealed class ChildProcess(string name, string program, IReadOnlyList<string> arguments,
    IReadOnlyDictionary<string, string> environment, string workingDirectory, int stopSignal = Signals.SIGTERM)
{
    private const int MaxRestarts = 5;
    private static readonly string? Setsid = Executables.Find("setsid");

    private readonly Lock _lock = new();
    private Process? _process;
    private bool _stopping;
    private Task _supervision = Task.CompletedTask;

    public string Name { get; } = name;

    public int? Pid { get { lock (_lock) return _process?.Id; } }

    public bool HasExited { get { lock (_lock) return _process is null || _process.HasExited; } }

    public void Start()
    {
        lock (_lock)
        {
            _process = Launch();
        }

        _supervision = Supervise();
    }

    public async Task StopAsync(TimeSpan grace)
    {
        Process? process;
        lock (_lock)
        {
            _stopping = true;
            process = _process;
        }

        if (process is null || process.HasExited)
        {
            return;
        }

        Signals.Send(process.Id, stopSignal);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"{Name} did not stop within {grace.TotalSeconds:0}s; killing it.");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        await _supervision;
    }

    private async Task Supervise()
    {
        var restarts = 0;
        while (true)
        {
            Process process;
            lock (_lock) process = _process!;
            await process.WaitForExitAsync();
            lock (_lock)
            {
                if (_stopping) return;
            }

            var code = process.ExitCode;
            if (restarts == MaxRestarts)
            {
                Console.WriteLine($"!! {Name} (pid {process.Id}) exited with code {code}{SignalNote(code)}; it has been restarted {MaxRestarts} times, so it stays down.");
                return;
            }

            restarts++;
            Console.WriteLine($"!! {Name} (pid {process.Id}) exited with code {code}{SignalNote(code)}; starting it again ({restarts} of {MaxRestarts}).");
            await Task.Delay(TimeSpan.FromSeconds(1));
            lock (_lock)
            {
                if (_stopping) return;
                _process = Launch();
                Console.WriteLine($"   {Name} is running again as pid {_process.Id}.");
            }
        }
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo
        {
            FileName = Setsid ?? program,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Setsid is not null)
        {
            start.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Print(line.Data);
        process.ErrorDataReceived += (_, line) => Print(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Print(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.WriteLine($"[{Name}] {line}");
        }
    }

    private static string SignalNote(int code) => code > 128 && code < 160 ? $" (signal {code - 128})" : "";
}
