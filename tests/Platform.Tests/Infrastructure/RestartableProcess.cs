namespace Platform.Tests.Infrastructure;

/// <summary>
/// A store's server process that a test can kill (SIGKILL, as a crash) and start again the same way, on the
/// same port and data; <c>answering</c> waits until the server serves.
/// </summary>
public sealed class RestartableProcess(Func<ChildProcess> launch, Func<Task> answering) : IAsyncDisposable
{
    private ChildProcess _process = launch();

    public Task Answering() => answering();

    public async Task Kill()
    {
        _process.Kill();
        await _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public async Task Restart()
    {
        await _process.DisposeAsync();
        _process = launch();
        await answering();
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
