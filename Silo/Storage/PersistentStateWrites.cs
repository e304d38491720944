namespace Platform.Silo.Storage;

public static class PersistentStateWrites
{
    /// <summary>
    /// Makes <paramref name="next"/> the state and writes it. When the write fails, the state from before is put
    /// back and the failure goes to the caller: an activation never serves a change that storage did not take.
    /// </summary>
    public static async Task WriteOrRollBack<T>(this IPersistentState<T> state, T next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
