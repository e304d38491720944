using System.Runtime.InteropServices;

namespace Platform.AppHost.Running;

/// <summary>Turns Ctrl+C (SIGINT) and SIGTERM into a cancellation, so children are stopped in order.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public CancellationToken Token => _requested.Token;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!_requested.IsCancellationRequested)
        {
            Console.WriteLine($"{context.Signal} received: stopping the platform.");
            _requested.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }
}
