using Platform.Contracts;
using Platform.Contracts.Logins;
using Platform.Silo.Sessions;
using Platform.Silo.Storage;

namespace Platform.Silo.Logins;

public sealed class LoginTokenGrain(
    [PersistentState("token", SessionStorage.ProviderName)] IPersistentState<LoginTokenState> token,
    TimeProvider time)
    : Grain, ILoginTokenGrain
{
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);
    private DateTimeOffset _lastTouch;

    public ValueTask<LoginOwner?> Resolve()
    {
        if (token.State.Owner is { } owner)
        {
            // Last use is for the user's list; recording it at most once a minute keeps requests off storage.
            var now = time.GetUtcNow();
            if (now - _lastTouch >= TouchEvery)
            {
                _lastTouch = now;
                GrainFactory.ByKey<ILoginIndexGrain>(owner.UserId).Touch(owner.SessionId, now).AsTask().Ignore();
            }
        }

        return ValueTask.FromResult(token.State.Owner);
    }

    public async ValueTask Assign(LoginOwner owner) => await token.WriteOrRollBack(token.State with { Owner = owner });

    public async ValueTask Revoke()
    {
        // Deleted from storage: a revoked token leaves nothing behind.
        await token.ClearStateAsync();
        DeactivateOnIdle();
    }
}
