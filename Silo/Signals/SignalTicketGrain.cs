using Platform.Contracts.Signals;

namespace Platform.Silo.Signals;

/// <summary>A ticket to one user's event stream, kept only in memory (Orleans collects it when idle): good once, until it expires.</summary>
public sealed class SignalTicketGrain(TimeProvider time) : Grain, ISignalTicketGrain
{
    private string? _user;
    private DateTimeOffset _expires;

    public ValueTask Issue(string user, DateTimeOffset expires)
    {
        _user = user;
        _expires = expires;
        return ValueTask.CompletedTask;
    }

    public ValueTask<string?> Redeem()
    {
        var user = time.GetUtcNow() < _expires ? _user : null;
        _user = null;
        DeactivateOnIdle();
        return ValueTask.FromResult(user);
    }
}
