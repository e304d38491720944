using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using Platform.ApiService.Cluster;
using static Platform.ApiService.Problems.ProblemResults;
using Platform.ApiService.Requests;
using Platform.ApiService.Sessions;
using Platform.ApiService.Signals;
using Platform.Contracts.Reports;
using Platform.Contracts.Signals;
using Platform.ApiService.OpenApi;

namespace Platform.ApiService.Reports;

/// <summary>
/// <c>/reports</c>, the seed's report_ready flow: a report is produced and stored, <c>report_ready</c> is
/// raised (durably), and the signer in the cluster, subscribed to it, signs the report with HMAC-SHA256.
/// </summary>
public static class ReportApi
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxTitleLength = 200;

    public static RouteGroupBuilder MapReportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/reports").WithTags("Reports").WithClusterProblems();
        group.MapPost("", Produce).WithName("ProduceReport").WithSummary("Produces a report and raises report_ready; the signer signs it soon after")
            .AcceptsJson().Produces<ReportAccepted>(StatusCodes.Status202Accepted);
        group.MapGet("/{id}", Read).WithName("GetReport").WithSummary("The caller's report, with its state (pending, signed) and signature")
            .Produces<JsonElement>(contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<IResult> Produce(ClaimsPrincipal caller, HttpContext context, ApiRequestContext request, IGrainFactory grains, SignalBus bus,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.Read(context.Request, MaxBodyBytes, cancellationToken);
        if (body.Problem is { } bad) return bad;
        if (body.Element.ValueKind != JsonValueKind.Object
            || !body.Element.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String
            || title.GetString() is not { Length: > 0 and <= MaxTitleLength } text || string.IsNullOrWhiteSpace(text))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid report",
                $$"""Send {"title": "…"} with a title of 1 to {{MaxTitleLength}} characters; other members are kept as the report's fields.""");
        }

        var user = SignalApi.UserOf(caller);
        var id = Guid.NewGuid().ToString("n");
        var now = time.GetUtcNow();
        if (!await grains.Get<IReportGrain>(id).Produce(user, Document(id, user, text, now, body.Element)))
        {
            throw new InvalidOperationException($"Report id {id} was taken.");
        }

        var ready = request.Draft(SignalNames.ReportReady, user, JsonSerializer.Serialize(new { reportId = id }, SignalJson.Options), durable: true, now);
        await grains.Get<ISignalLogGrain>(user).Raise([ready]);
        await bus.Send(ready, cancellationToken);
        return TypedResults.Accepted($"/reports/{id}", new ReportAccepted(id, "pending"));
    }

    public static async Task<IResult> Read(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        // Another user's report is answered as one that does not exist.
        if (id.Length > 64 || await grains.Get<IReportGrain>(id).Get() is not { } report || report.Owner != SignalApi.UserOf(caller))
        {
            return Problem(StatusCodes.Status404NotFound, "Report not found", $"You have no report '{id}'.");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", report.Id);
            writer.WriteString("state", report.State == ReportState.Signed ? "signed" : "pending");
            // Byte for byte what was signed.
            writer.WritePropertyName("document");
            writer.WriteRawValue(report.Document);
            if (report.Signature is { } signature)
            {
                writer.WriteStartObject("signature");
                writer.WriteString("algorithm", signature.Algorithm);
                writer.WriteString("keyId", signature.KeyId);
                writer.WriteString("value", signature.Value);
                writer.WriteString("signedAt", signature.SignedAt);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("signature");
            }

            writer.WriteEndObject();
        }

        return TypedResults.Bytes(buffer.WrittenSpan.ToArray(), "application/json");
    }

    /// <summary>The report: who, what and when, and whatever else the request carried, as compact JSON.</summary>
    private static string Document(string id, string owner, string title, DateTimeOffset created, JsonElement request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SignalJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("owner", owner);
            writer.WriteString("title", title);
            writer.WriteString("created", created);
            writer.WriteStartObject("fields");
            foreach (var member in request.EnumerateObject().Where(member => member.Name != "title"))
            {
                member.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public sealed record ReportAccepted(string Id, string State);
}
