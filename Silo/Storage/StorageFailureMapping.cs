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
/// <remarks>
/// The failures are logged here, once, by kind: the providers' own error lines are filtered out (see
/// <see cref="StorageFailureExtensions.MapStorageFailures"/>), because Azure's logs each version conflict as an
/// error, and a conflict is expected when a stopping silo's grain has moved on to another silo.
/// </remarks>
internal sealed partial class StorageFailureMapping(string name, IGrainStorage inner, ILogger logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
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
        catch (InconsistentStateException exception)
        {
            LogConflict(logger, name, operation, grainId, exception.Message);
            if (exception.GetType() == typeof(InconsistentStateException)) throw;

            // A provider's own subtype (Azure's) would not load in a caller either: Orleans' base type still deactivates the grain.
            throw new InconsistentStateException($"Grain storage '{name}' holds a newer version of {grainId} than this activation.");
        }
        catch (Exception exception)
        {
            LogFailed(logger, exception, name, operation, grainId);
            // Callers get the failure's kind, never its text (it may name hosts or keys).
            throw new StorageUnavailableException(
                $"Grain storage '{name}' could not {operation} the state of {grainId}: {exception.GetType().Name}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain storage '{Name}' refused to {Operation} {GrainId}: storage holds a newer version. {Reason}")]
    private static partial void LogConflict(ILogger logger, string name, string operation, GrainId grainId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage '{Name}' could not {Operation} the state of {GrainId}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name, string operation, GrainId grainId);
}
