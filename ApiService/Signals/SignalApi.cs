using System.Text.Json;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.ApiService.Cluster;
using static Platform.ApiService.Problems.ProblemResults;
using Platform.ApiService.Logins;
using Platform.ApiService.Requests;
using Platform.ApiService.Sessions;
using Platform.Contracts.Signals;
using Platform.ApiService.OpenApi;

namespace Platform.ApiService.Signals;

/// <summary>
/// <c>/signals</c>: raise a custom signal, read the caller's recent signals, and watch them live as
/// Server-Sent Events. Every endpoint serves only the caller's own signals.
/// </summary>
public static partial class SignalApi
{
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public static RouteGroupBuilder MapSignalApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/signals").WithTags("Signals").WithClusterProblems();
        group.MapGet("/recent", Recent).WithName("RecentSignals").WithSummary("The caller's signals after a sequence number, oldest first")
            .Produces<JsonElement>(contentType: "application/json").ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/stream", SignalEventStream.Open).WithName("SignalStream")
            .WithSummary("The caller's signals live, as Server-Sent Events; resumes after Last-Event-ID")
            .Produces<string>(contentType: "text/event-stream").ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/tickets", IssueTicket).WithName("IssueSignalTicket")
            .WithSummary("A short-lived, single-use ticket that opens the caller's event stream (for EventSource, which cannot send headers)");
        group.MapPost("/{name}", RaiseCustom).WithName("RaiseSignal").WithSummary("Raises a custom signal with a JSON body; answered once it is stored")
            .AcceptsJson().Produces<SignalRaised>(StatusCodes.Status202Accepted);
        return group;
    }

    public static async Task<IResult> RaiseCustom(string name, ClaimsPrincipal caller, HttpContext context, ApiRequestContext request, IGrainFactory grains,
        SignalBus bus, IOptions<SignalOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ValidName().IsMatch(name))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid signal name",
                "A signal name is 1 to 64 letters, digits, '_', '.' or '-'.");
        }

        if (SignalNames.Reserved.Contains(name))
        {
            return Problem(StatusCodes.Status400BadRequest, "Reserved signal name", $"'{name}' is raised by the platform itself; choose another name.");
        }

        var body = await JsonBody.Read(context.Request, options.Value.MaxDataBytes, cancellationToken);
        if (body.Problem is { } bad) return bad;

        var user = UserOf(caller);
        var draft = request.Draft(name, user, System.Text.Encoding.UTF8.GetString(body.Utf8Json!), durable: true, time.GetUtcNow());
        var recorded = (await grains.Get<ISignalLogGrain>(user).Raise([draft]))[0];
        await bus.Send(draft, cancellationToken);
        return TypedResults.Accepted($"/signals/recent?after={recorded.Sequence - 1}", new SignalRaised(recorded.Id, recorded.Sequence, recorded.Name));
    }

    public static async Task<IResult> Recent(ClaimsPrincipal caller, IGrainFactory grains, long? after, int? limit)
    {
        if (after < 0 || limit is < 1 or > MaxPage)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", $"after is a sequence number (0 or more); limit is 1 to {MaxPage}.");
        }

        var page = await grains.Get<ISignalLogGrain>(UserOf(caller)).Read(after ?? 0, limit ?? DefaultPage, durableOnly: false);
        return TypedResults.Bytes(SignalJson.Page(page), "application/json");
    }

    public static async Task<Ok<SignalTicket>> IssueTicket(ClaimsPrincipal caller, IGrainFactory grains, IOptions<SignalOptions> options, TimeProvider time)
    {
        var ticket = LoginToken.Create();
        var lifetime = options.Value.TicketLifetime;
        await grains.Get<ISignalTicketGrain>(LoginToken.Hash(ticket)).Issue(UserOf(caller), time.GetUtcNow() + lifetime);
        return TypedResults.Ok(new SignalTicket(ticket, (int)lifetime.TotalSeconds));
    }

    public static string UserOf(ClaimsPrincipal caller) =>
        caller.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Signal endpoints require an authenticated caller.");

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex ValidName();

    public sealed record SignalRaised(Guid Id, long Sequence, string Name);

    public sealed record SignalTicket(string Ticket, int ExpiresIn);
}
