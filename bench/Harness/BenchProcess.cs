using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Platform.Bench;

/// <summary>A process the harness started; output is kept for reading, and dispose stops it.</summary>
public sealed class BenchProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private BenchProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public IEnumerable<string> Lines => _lines;

    public static BenchProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = BenchOptions.RepositoryRoot,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var child = new BenchProcess(new Process { StartInfo = start });
        child._process.OutputDataReceived += (_, line) => { if (line.Data is not null) child._lines.Enqueue(line.Data); };
        child._process.ErrorDataReceived += (_, line) => { if (line.Data is not null) child._lines.Enqueue(line.Data); };
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to the end and returns the output.</summary>
    public static async Task<string> Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var process = Start(program, arguments, environment);
        await process._process.WaitForExitAsync();
        var output = string.Join('\n', process._lines);
        return process._process.ExitCode == 0 ? output : throw new InvalidOperationException($"{program} exited with {process._process.ExitCode}:\n{output}");
    }

    public async Task<Match> WaitForLine(Regex pattern, TimeSpan limit, int skip = 0)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.Select(line => pattern.Match(line)).Where(match => match.Success).Skip(skip).FirstOrDefault() is { } found) return found;
            if (_process.HasExited) throw new InvalidOperationException($"{_process.StartInfo.FileName} exited early:\n{string.Join('\n', _lines.TakeLast(40))}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"No line matching {pattern} within {limit.TotalSeconds:0}s:\n{string.Join('\n', _lines.TakeLast(40))}");
    }

    /// <summary>SIGTERM, so the app host stops its children in order; killed if it does not stop in time.</summary>
    public async Task Stop(TimeSpan grace)
    {
        if (_process.HasExited) return;
        Process.Start("kill", ["-TERM", $"{_process.Id}"])!.WaitForExit();
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
