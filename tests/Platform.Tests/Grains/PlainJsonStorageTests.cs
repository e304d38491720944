extern alias SiloAssembly;

using System.Text;
using System.Text.Json;
using SiloAssembly::Platform.Silo.Sessions;
using SiloAssembly::Platform.Silo.Storage;
using Platform.Contracts.Teams;
using SiloAssembly::Platform.Silo.Teams;

namespace Platform.Tests.Grains;

public sealed class PlainJsonStorageTests
{
    private readonly PlainJsonGrainStorageSerializer _serializer = new();

    [Fact]
    public void Session_state_is_stored_as_plain_json_with_values_nested_not_escaped()
    {
        var state = new SessionState { Version = 3 };
        state.Values["cart"] = """{"items":[1,2]}"""u8.ToArray();
        state.Values["theme"] = "\"dark\""u8.ToArray();

        var json = _serializer.Serialize(state).ToString();

        Assert.DoesNotContain("$type", json);
        Assert.DoesNotContain("Platform.", json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(3, document.RootElement.GetProperty("version").GetInt64());
        Assert.Equal(2, document.RootElement.GetProperty("values").GetProperty("cart").GetProperty("items").GetArrayLength());
        Assert.Equal("dark", document.RootElement.GetProperty("values").GetProperty("theme").GetString());
    }

    [Fact]
    public void Stored_json_written_by_hand_loads_as_a_session()
    {
        var stored = BinaryData.FromString("""{"version":7,"values":{"n":42,"list":[true,null],"name":"Zoë"}}""");

        var state = _serializer.Deserialize<SessionState>(stored);

        Assert.Equal(7, state.Version);
        Assert.Equal("42", Encoding.UTF8.GetString(state.Values["n"]));
        Assert.Equal("[true,null]", Encoding.UTF8.GetString(state.Values["list"]));
        Assert.Equal("\"Zoë\"", Encoding.UTF8.GetString(state.Values["name"]));
    }

    [Fact]
    public void A_team_round_trips_as_plain_json()
    {
        var at = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        var state = new TeamState
        {
            Name = "Zoë's team", Description = null, Version = 4, Created = at, Updated = at, CreatedBy = "alice",
            Members = [new TeamMember("0123456789abcdef", "Ada", "lead", "ada@example.com", at)],
        };

        var json = _serializer.Serialize(state);
        var loaded = _serializer.Deserialize<TeamState>(json);

        Assert.DoesNotContain("$type", json.ToString());
        Assert.Equal("Ada", JsonDocument.Parse(json.ToString()).RootElement.GetProperty("members")[0].GetProperty("name").GetString());
        Assert.Equal(state with { Members = [] }, loaded with { Members = [] });
        Assert.Equal(state.Members, loaded.Members);
    }

    [Fact]
    public void The_team_directory_round_trips_as_plain_json()
    {
        var state = new TeamDirectoryState { Teams = [new TeamListing("0123456789abcdef", "Platform"), new TeamListing("fedcba9876543210", "Docs")] };

        var loaded = _serializer.Deserialize<TeamDirectoryState>(_serializer.Serialize(state));

        Assert.Equal(state.Teams, loaded.Teams);
    }
}
