using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Tests.Infrastructure;

/// <summary>What the signal tests ask of the API.</summary>
public static class SignalClient
{
    public static async Task Raise(HttpClient client, string name, int data) =>
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/signals/{name}", Bodies.Json($"{data}"))).StatusCode);

    public static async Task<string> Ticket(HttpClient client)
    {
        var issued = await client.PostAsync("/signals/tickets", null);
        issued.EnsureSuccessStatusCode();
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("expiresIn").GetInt32() > 0);
        return body.GetProperty("ticket").GetString()!;
    }

    public static async Task<long> Last(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/signals/recent?limit=1&after=" + long.MaxValue)).RootElement.GetProperty("last").GetInt64();

    public static async Task<List<JsonElement>> Recent(HttpClient client, long after, int limit = 1000) =>
        JsonDocument.Parse(await client.GetStringAsync($"/signals/recent?after={after}&limit={limit}")).RootElement
            .GetProperty("signals").EnumerateArray().Select(s => s.Clone()).ToList();
}
