using System.Text.Json.Serialization;
using Platform.Silo.Storage;

namespace Platform.Silo.Sessions;

/// <summary>
/// What storage holds for one session: a plain JSON document such as
/// <c>{"version":3,"created":"…","lastAccessed":"…","values":{"theme":"dark","cart":{"items":[1,2]}}}</c>, with no type names.
/// </summary>
[GenerateSerializer, Alias("Platform.Silo.Sessions.SessionState")]
public sealed record SessionState
{
    [Id(0)]
    public long Version { get; set; }

    /// <summary>UTF-8 JSON values by key (half the memory of .NET strings); stored as nested JSON, not as escaped strings.</summary>
    [Id(1), JsonConverter(typeof(RawJsonValuesConverter))]
    public Dictionary<string, byte[]> Values { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When the first write created this session; null for a session that holds nothing yet.</summary>
    [Id(2)]
    public DateTimeOffset? Created { get; set; }

    /// <summary>When a request last used the session (kept in storage at a coarser grain than in memory).</summary>
    [Id(3)]
    public DateTimeOffset? LastAccessed { get; set; }

    /// <summary>
    /// The user's signal log is stored beside this session (this grain keeps it); false for a session stored by a
    /// version whose log was a grain of its own, whose log is moved here on activation.
    /// </summary>
    [Id(4)]
    public bool SignalLogMoved { get; set; }
}
