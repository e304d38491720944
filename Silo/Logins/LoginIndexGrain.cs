using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Contracts.Logins;
using Platform.Contracts.Signals;
using Platform.Contracts.Storage;
using Platform.Silo.Sessions;
using Platform.Silo.Storage;

namespace Platform.Silo.Logins;

public sealed class LoginIndexGrain(
    [PersistentState("logins", SessionStorage.ProviderName)] IPersistentState<LoginIndexState> index,
    IOptions<LoginPolicyOptions> policy,
    TimeProvider time)
    : Grain, ILoginIndexGrain
{
    private static readonly TimeSpan StoreTouchesEvery = TimeSpan.FromMinutes(1);
    private DateTimeOffset _lastStoredTouch;

    private List<LoginRecord> Sessions => index.State.Sessions;

    private string UserId => this.GetPrimaryKeyString();

    public async ValueTask<LoginOpened> Open(string tokenHash, string? clientIp, string? userAgent)
    {
        if (LoginCap.MakeRoom(Sessions, policy.Value) is not { } evicted)
        {
            return new LoginOpened(null, policy.Value.MaxPerUser);
        }

        var now = time.GetUtcNow();
        var opened = new LoginRecord
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            TokenHash = tokenHash,
            Created = now,
            LastUsed = now,
            ClientIp = clientIp,
            UserAgent = userAgent is { Length: > 512 } ? userAgent[..512] : userAgent,
        };

        // The token works once the index holds it; an evicted token stops before the new one starts.
        await RevokeTokens(evicted);
        Sessions.RemoveAll(evicted.Contains);
        Sessions.Add(opened);
        await Store();
        await Token(tokenHash).Assign(new LoginOwner(UserId, opened.Id));
        await Signal([.. evicted.Select(ended => Revoked(ended, "cap")),
            SignalContext.Draft(SignalNames.LoginSessionCreated, UserId, JsonSerializer.Serialize(new { id = opened.Id }), time.GetUtcNow())]);
        return new LoginOpened(Listed(opened), policy.Value.MaxPerUser);
    }

    public ValueTask<IReadOnlyList<LoginSession>> List() =>
        ValueTask.FromResult<IReadOnlyList<LoginSession>>(Sessions.Select(Listed).ToList());

    public async ValueTask<bool> Revoke(string sessionId)
    {
        var session = Sessions.Find(s => s.Id == sessionId);
        if (session is null) return false;
        await RevokeTokens([session]);
        Sessions.Remove(session);
        await Store();
        await Signal([Revoked(session, "revoked")]);
        return true;
    }

    public async ValueTask<int> RevokeAll(string? keepSessionId)
    {
        var ending = Sessions.Where(s => s.Id != keepSessionId).ToList();
        if (ending.Count == 0) return 0;
        await RevokeTokens(ending);
        Sessions.RemoveAll(ending.Contains);
        await Store();
        await Signal([.. ending.Select(ended => Revoked(ended, "revoked"))]);
        return ending.Count;
    }

    public async ValueTask<bool> Rotate(string sessionId, string newTokenHash)
    {
        var session = Sessions.Find(s => s.Id == sessionId);
        if (session is null) return false;
        var oldHash = session.TokenHash;
        session.TokenHash = newTokenHash;
        await Store();
        await Token(newTokenHash).Assign(new LoginOwner(UserId, sessionId));
        await Token(oldHash).Revoke();
        return true;
    }

    public async ValueTask Touch(string sessionId, DateTimeOffset at)
    {
        if (Sessions.Find(s => s.Id == sessionId) is not { } session || at <= session.LastUsed) return;
        session.LastUsed = at;
        if (at - _lastStoredTouch >= StoreTouchesEvery)
        {
            _lastStoredTouch = at;
            // Last use is informational: kept in memory when storage fails, stored with the next write.
            try
            {
                await index.WriteStateAsync();
            }
            catch (Exception exception) when (StorageUnavailableException.IsCauseOf(exception))
            {
            }
        }
    }

    /// <summary>A failed write leaves this activation's list ahead of storage: it is dropped, so the next call loads what storage holds.</summary>
    private async Task Store()
    {
        try
        {
            await index.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task RevokeTokens(IEnumerable<LoginRecord> sessions) =>
        await Task.WhenAll(sessions.Select(session => Token(session.TokenHash).Revoke().AsTask()));

    private SignalDraft Revoked(LoginRecord session, string reason) =>
        SignalContext.Draft(SignalNames.LoginSessionRevoked, UserId, JsonSerializer.Serialize(new { id = session.Id, reason }), time.GetUtcNow());

    /// <summary>Raises platform signals on the user's log without waiting for them to be stored (a one-way call).</summary>
    private Task Signal(IReadOnlyList<SignalDraft> drafts) =>
        drafts.Count == 0 ? Task.CompletedTask : GrainFactory.ByKey<ISignalLogGrain>(UserId).Record(drafts);

    private ILoginTokenGrain Token(string tokenHash) => GrainFactory.ByKey<ILoginTokenGrain>(tokenHash);

    private static LoginSession Listed(LoginRecord record) =>
        new(record.Id, record.Created, record.LastUsed, record.ClientIp, record.UserAgent);
}
