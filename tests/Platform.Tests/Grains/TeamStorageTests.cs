extern alias SiloAssembly;

using System.Text.Json;
using Platform.Contracts.Teams;
using SiloAssembly::Platform.Silo.Storage;
using SiloAssembly::Platform.Silo.Teams;

namespace Platform.Tests.Grains;

/// <summary>Teams are stored through the plain-JSON serializer, which the memory storage of the API tests never runs.</summary>
public sealed class TeamStorageTests
{
    private readonly PlainJsonGrainStorageSerializer _serializer = new();

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
