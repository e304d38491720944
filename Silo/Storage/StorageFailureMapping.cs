using Orleans.Storage;
using Platform.Contracts.Storage;

namespace Platform.Silo.Storage;

/// <summary>
/// Wraps a named grain storage so its failures reach callers as <see cref="StorageUnavailableException"/>:
/// a contract type every caller can load (the provider's own, such as <c>RedisStorageException</c>, lives only
/// in the silo), answered by the API as 503. Version conflicts stay <see cref="InconsistentStateException"/> (the
/// base type, which callers have): Orleans deactivates a grain whose call ends in one, so its next call loads what
/// storage holds (for example a write that storage took after the deadline had failed it).
/// </summary>
internal sealed class StorageFailureMapping(string name, IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard("read", grainId, () => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard("write", grainId, () => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard("clear", grainId, () => inner.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private async Task Guard(string operation, GrainId grainId, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (InconsistentStateException exception) when (exception.GetType() != typeof(InconsistentStateException))
        {
            // A provider's own subtype (Azure's) would not load in a caller either: Orleans' base type still deactivates the grain.
            throw new InconsistentStateException($"Grain storage '{name}' holds a newer version of {grainId} than this activation.");
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            // The provider has logged the failure with its details; callers get its kind, never its text (it may name hosts or keys).
            throw new StorageUnavailableException(
                $"Grain storage '{name}' could not {operation} the state of {grainId}: {exception.GetType().Name}.");
        }
    }
}
