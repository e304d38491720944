using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Platform.ApiService.Authentication;

/// <summary>
/// Checks a user name and password against the configured hashes. A pair that verified recently is
/// remembered by its SHA-256 digest for a few minutes, so PBKDF2 (deliberately slow) runs once per
/// client rather than on every request. Failures are never remembered.
/// </summary>
public sealed class CredentialVerifier
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(5);
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _verified = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<UserDirectoryOptions> _users;
    private readonly TimeProvider _time;

    public CredentialVerifier(IOptionsMonitor<UserDirectoryOptions> users, TimeProvider time)
    {
        _users = users;
        _time = time;
        users.OnChange(_ => _verified.Clear());
    }

    public bool Verify(string userId, string password)
    {
        var digest = Digest(userId, password);
        var now = _time.GetUtcNow();
        if (_verified.TryGetValue(digest, out var expires) && expires > now)
        {
            return true;
        }

        if (!_users.CurrentValue.Users.TryGetValue(userId, out var user) || !PasswordHash.Verify(password, user.PasswordHash))
        {
            return false;
        }

        if (_verified.Count >= MaxRemembered)
        {
            _verified.Clear();
        }

        _verified[digest] = now + RememberFor;
        return true;
    }

    private static string Digest(string userId, string password) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{password}")));
}
