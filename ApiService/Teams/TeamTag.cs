namespace Platform.ApiService.Teams;

/// <summary>A team's version as an ETag, for example <c>"7"</c>. Ids are never reused, so a version names one state of one team.</summary>
public static class TeamTag
{
    public static string Of(long version) => $"\"{version}\"";

    public static bool TryParse(string etag, out long version)
    {
        version = 0;
        var text = etag.Trim();
        return text.Length > 2 && text[0] == '"' && text[^1] == '"'
            && long.TryParse(text[1..^1], System.Globalization.NumberStyles.None, null, out version);
    }
}
