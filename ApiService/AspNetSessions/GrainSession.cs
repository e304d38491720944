using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Platform.Contracts.Sessions;

namespace Platform.ApiService.AspNetSessions;

/// <summary>
/// ASP.NET Core's <see cref="ISession"/> over the caller's session grain, keyed by identity, with no
/// session cookie. Bytes are kept as JSON a person can read: text as a JSON string, other bytes as
/// <c>{"$base64":"…"}</c>; values written through the JSON API read back as their JSON text.
/// Changes are sent in one merge patch when the request ends, so they apply together or not at all.
/// The grain is reached only when the session is used.
/// </summary>
public sealed class GrainSession(Func<ISessionGrain> grain, string userId) : ISession
{
    private const string Base64Member = "$base64";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private Dictionary<string, byte[]>? _values;
    private readonly Dictionary<string, byte[]?> _changes = new(StringComparer.Ordinal);

    public bool IsAvailable => true;

    public string Id => userId;

    public IEnumerable<string> Keys => Values.Keys;

    public bool IsModified => _changes.Count > 0;

    private Dictionary<string, byte[]> Values
    {
        get
        {
            // ISession is synchronous; like ASP.NET Core's own session, it loads on first use when the
            // caller did not await LoadAsync.
            if (_values is null) LoadAsync().GetAwaiter().GetResult();
            return _values!;
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_values is not null) return;
        var snapshot = await grain().GetAll();
        _values = snapshot.Values.ToDictionary(pair => pair.Key, pair => FromJson(pair.Value), StringComparer.Ordinal);
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_changes.Count == 0) return;
        var patch = new JsonObject();
        foreach (var (key, value) in _changes)
        {
            patch[key] = value is null ? null : ToJson(value);
        }

        var change = await grain().MergePatch(JsonSerializer.SerializeToUtf8Bytes(patch), ifMatch: null);
        if (change.Outcome != SessionOutcome.Applied)
        {
            throw new InvalidOperationException($"The session could not be saved: {change.Outcome}.");
        }

        _changes.Clear();
    }

    public bool TryGetValue(string key, out byte[] value) => Values.TryGetValue(key, out value!);

    public void Set(string key, byte[] value)
    {
        Values[key] = value;
        _changes[key] = value;
    }

    public void Remove(string key)
    {
        Values.Remove(key);
        _changes[key] = null;
    }

    public void Clear()
    {
        foreach (var key in Values.Keys.ToList()) Remove(key);
    }

    private static JsonNode ToJson(byte[] value)
    {
        try
        {
            return JsonValue.Create(StrictUtf8.GetString(value));
        }
        catch (DecoderFallbackException)
        {
            return new JsonObject { [Base64Member] = Convert.ToBase64String(value) };
        }
    }

    private static byte[] FromJson(byte[] utf8Json)
    {
        var node = JsonNode.Parse(utf8Json);
        return node switch
        {
            JsonValue text when text.TryGetValue(out string? s) => Encoding.UTF8.GetBytes(s),
            JsonObject { Count: 1 } wrapped when wrapped[Base64Member] is JsonValue encoded && encoded.TryGetValue(out string? base64) =>
                Convert.FromBase64String(base64),
            _ => utf8Json,
        };
    }
}
