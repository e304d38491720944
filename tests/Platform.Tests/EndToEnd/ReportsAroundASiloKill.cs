using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Tests.Infrastructure;
using static Platform.Tests.Infrastructure.AppHostPlatform;

namespace Platform.Tests.EndToEnd;

/// <summary>
/// Twelve reports raised by Alice while one silo is killed halfway: every report the API accepted is signed, once,
/// through the durable signal stream on Azure queues. Run under each topology.
/// </summary>
public static class ReportsAroundASiloKill
{
    public static async Task AreEachSignedOnce(AppHostUnderTest host)
    {
        using var alice = host.Client();
        var ids = new List<string>();
        var silo = host.SiloIds()[0];
        for (var i = 0; i < 12; i++)
        {
            if (i == 6)
            {
                // Right after a 2xx: what that report_ready was queued on may have been read by the killed silo.
                host.KillService(silo);
            }

            // A refused POST (503 while the cluster notices the dead silo) promises nothing; only 202s are counted.
            var accepted = await Eventually.Holds(() => alice.PostAsync("/reports", Bodies.Json($$"""{"title":"report {{i}}"}""")),
                response => response.StatusCode == HttpStatusCode.Accepted, RecoveryLimit, "a report is accepted");
            ids.Add(JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        }

        foreach (var id in ids)
        {
            // Undelivered queue messages come back after Azure's visibility timeout (30 s).
            JsonElement report;
            try
            {
                report = await Eventually.Holds(async () => JsonDocument.Parse(await alice.GetStringAsync($"/reports/{id}")).RootElement.Clone(),
                    r => r.GetProperty("state").GetString() == "signed", RecoveryLimit, $"report {id} is signed");
            }
            catch (TimeoutException pending)
            {
                // What the silos said is what tells why a signal did not arrive.
                File.WriteAllLines(Path.Combine(Path.GetTempPath(), "platform-signer-failure.log"), host.Logs.Entries.Select(e => $"{e.Category} {e.Message}"));
                throw new TimeoutException($"{pending.Message}\n{string.Join("\n", host.Logs.ResourceProblems.TakeLast(40))}", pending);
            }

            Assert.Equal(TestSigning.Sign(report.GetProperty("document").GetRawText()), report.GetProperty("signature").GetProperty("value").GetString());
        }

        await host.WaitFor(silo, state => state.Snapshot.State?.Text == "Running" && state.Snapshot.HealthStatus == HealthStatus.Healthy, RecoveryLimit);
        // The next test on this platform expects it whole: the killed silo's old incarnation declared dead too.
        await host.UntilTwoSilosActive(RecoveryLimit, "the cluster is back to its two live silos");
        // Exactly once: each report_ready reached the signer, and no report took a second signature however often it came.
        var readies = await SignalClient.Recent(alice, 0);
        Assert.All(ids, id => Assert.Single(readies, s => s.GetProperty("name").GetString() == "report_ready"
            && s.GetProperty("data").GetProperty("reportId").GetString() == id));
    }
}
