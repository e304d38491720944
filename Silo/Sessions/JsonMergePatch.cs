using System.Text.Json.Nodes;

namespace Platform.Silo.Sessions;

/// <summary>RFC 7396 JSON merge patch.</summary>
public static class JsonMergePatch
{
    /// <summary>The target with the patch merged in; null where the patch removes the target entirely.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject existing ? (JsonObject)existing.DeepClone() : new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }
}
