using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Platform.Tests.Infrastructure;

/// <summary>A process a test started: its output is kept, and it is killed when disposed.</summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => string.Join('\n', _output);

    public IEnumerable<string> Lines => _output;

    public static ChildProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var child = new ChildProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        child._process.OutputDataReceived += (_, line) => { if (line.Data is not null) child._output.Enqueue(line.Data); };
        child._process.ErrorDataReceived += (_, line) => { if (line.Data is not null) child._output.Enqueue(line.Data); };
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a built service (<c>dotnet Platform.X.dll</c>) from its output folder.</summary>
    public static ChildProcess StartService(string project, string assembly, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Repository.Built(project, assembly);
        return Start("dotnet", [dll], environment, Path.GetDirectoryName(dll));
    }

    public async Task<string> WaitForLine(Func<string, bool> match, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_output.FirstOrDefault(match) is { } line) return line;
            if (_process.HasExited) throw new InvalidOperationException($"Process exited with {_process.ExitCode} before the expected line. Output:\n{Output}");
            await Task.Delay(Eventually.PollInterval);
        }

        throw new TimeoutException($"The expected line did not appear within {limit.TotalSeconds:0}s. Output:\n{Output}");
    }

    public void Signal(int signal) => Signal(_process.Id, signal);

    public static void Signal(int pid, int signal) => Check(SendSignal(pid, signal));

    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitForExit(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public static bool IsAlive(int pid)
    {
        // /proc/PID exists for zombies too; a zombie has exited, and its state letter is Z.
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && File.ReadAllText(stat).Split(')').Last().TrimStart() is var rest && !rest.StartsWith('Z');
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

    private static void Check(int result)
    {
        if (result != 0) throw new InvalidOperationException($"kill failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
