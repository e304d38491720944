using System.Net;
using System.Text;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

[Collection(SessionClusterCollection.Name)]
public sealed class ProblemResponseTests(SessionCluster sessions)
{
    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await sessions.Api.ClientFor("alice").GetAsync("/no/such/route");

        await Problems.Assert(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        var response = await sessions.Api.ClientFor("alice").PostAsync("/session", new StringContent("{}", Encoding.UTF8, "application/json"));

        await Problems.Assert(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task The_api_reports_its_cluster_connection_on_health()
    {
        var response = await sessions.Api.ClientFor(null).GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Co-hosted, the API's process is itself a silo, the cluster's third.
        Assert.Contains(SessionCluster.CoHosted ? "orleans-silo" : "orleans-cluster", body);
        Assert.Contains(SessionCluster.CoHosted ? "3 active silo(s)" : "2 active silo(s)", body);
    }

    [Fact]
    public async Task Alive_answers_without_asking_the_cluster()
    {
        var body = await sessions.Api.ClientFor(null).GetStringAsync("/alive");

        Assert.Contains("Healthy", body);
        Assert.DoesNotContain("orleans-cluster", body);
    }
}
