namespace Platform.Contracts.Sessions;

/// <summary>
/// Identifies one state of one session: the incarnation (when it was created, Unix milliseconds; 0
/// before the first write) and the version within it. An ETag made of both is never reused, even
/// after the session expires and starts again at version 1.
/// </summary>
[GenerateSerializer, Immutable, Alias("Platform.Contracts.Sessions.SessionTag")]
public readonly record struct SessionTag([property: Id(0)] long Epoch, [property: Id(1)] long Version)
{
    /// <summary>The quoted ETag, for example <c>"18c2f3a9b10-7"</c>.</summary>
    public override string ToString() => $"\"{Epoch:x}-{Version}\"";

    public static bool TryParse(string? etag, out SessionTag tag)
    {
        tag = default;
        var text = etag?.Trim();
        if (text is null || text.Length < 5 || text[0] != '"' || text[^1] != '"') return false;
        var parts = text[1..^1].Split('-');
        if (parts.Length != 2
            || !long.TryParse(parts[0], System.Globalization.NumberStyles.AllowHexSpecifier, null, out var epoch)
            || !long.TryParse(parts[1], out var version))
        {
            return false;
        }

        tag = new SessionTag(epoch, version);
        return true;
    }
}
