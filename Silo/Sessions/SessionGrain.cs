using Platform.Contracts.Sessions;

namespace Platform.Silo.Sessions;

/// <summary>
/// Holds one user's session in memory and writes it through to grain storage before answering,
/// so an acknowledged write survives the silo. Orleans runs one write at a time per grain.
/// </summary>
public sealed class SessionGrain(
    [PersistentState("session", SessionStorage.ProviderName)] IPersistentState<SessionState> session)
    : Grain, ISessionGrain
{
    private SessionState State => session.State;

    public ValueTask<SessionSnapshot> GetAll() =>
        ValueTask.FromResult(new SessionSnapshot(State.Version, new Dictionary<string, byte[]>(State.Values, StringComparer.Ordinal)));

    public ValueTask<SessionValue?> Get(string key) =>
        ValueTask.FromResult(State.Values.TryGetValue(key, out var json) ? new SessionValue(State.Version, json) : null);

    public async ValueTask<SessionChange> Set(string key, byte[] utf8Json)
    {
        var had = State.Values.TryGetValue(key, out var previous);
        if (had && previous.AsSpan().SequenceEqual(utf8Json))
        {
            return new SessionChange(State.Version, Changed: false);
        }

        State.Values[key] = utf8Json;
        await PersistOrUndo(() =>
        {
            if (had) State.Values[key] = previous!;
            else State.Values.Remove(key);
        });
        return new SessionChange(State.Version, Changed: true);
    }

    public async ValueTask<SessionChange> Remove(string key)
    {
        if (!State.Values.Remove(key, out var previous))
        {
            return new SessionChange(State.Version, Changed: false);
        }

        await PersistOrUndo(() => State.Values[key] = previous);
        return new SessionChange(State.Version, Changed: true);
    }

    public async ValueTask<SessionChange> Clear()
    {
        if (State.Values.Count == 0)
        {
            return new SessionChange(State.Version, Changed: false);
        }

        var previous = State.Values;
        State.Values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await PersistOrUndo(() => State.Values = previous);
        return new SessionChange(State.Version, Changed: true);
    }

    /// <summary>Bumps the version and writes; when storage fails, memory goes back to what storage holds.</summary>
    private async Task PersistOrUndo(Action undo)
    {
        State.Version++;
        try
        {
            await session.WriteStateAsync();
        }
        catch
        {
            State.Version--;
            undo();
            throw;
        }
    }
}
