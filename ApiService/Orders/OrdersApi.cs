using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MimeKit;
using Platform.ApiService.Authentication;
using Platform.ApiService.Cluster;
using Platform.ApiService.Sessions;
using Platform.ApiService.Signals;
using Platform.Contracts.Sessions;
using static Platform.ApiService.Problems.ProblemResults;
using Platform.ApiService.OpenApi;

namespace Platform.ApiService.Orders;

/// <summary>
/// <c>/orders</c>, the seed's burger order: an order is kept in the caller's session, and its receipt is the
/// e-mail the seed sent, rendered from Liquid templates and composed as an RFC 5322 message.
/// </summary>
public static class OrdersApi
{
    public const string ReceiptMediaType = "message/rfc822";

    private const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/orders").WithTags("Orders").WithClusterProblems();
        group.MapPost("", PlaceOrder).WithName("PlaceOrder").WithSummary("Places an order in the caller's session; the total is computed here")
            .AcceptsJson<OrderRequest>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}", GetOrder).WithName("GetOrder").WithSummary("One of the caller's orders")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}/receipt", GetReceipt).WithName("GetOrderReceipt").WithSummary("The order's receipt e-mail as an RFC 5322 message")
            .Produces(StatusCodes.Status200OK, contentType: ReceiptMediaType)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    public static async Task<Results<Created<Order>, ProblemHttpResult>> PlaceOrder([AsParameters] OrderCaller caller, CancellationToken cancellationToken)
    {
        var body = await JsonBody.Read(caller.Request, MaxBodyBytes, cancellationToken);
        if (body.Problem is { } bad) return bad;
        OrderRequest? request;
        try
        {
            request = body.Element.Deserialize<OrderRequest>(OrderRequest.Json);
        }
        catch (JsonException exception)
        {
            return Invalid($"The order does not have the expected shape ({exception.Path}): {exception.Message}");
        }

        if (request is null) return Invalid("Send {\"items\": [{\"name\": \"…\", \"price\": 0.00}], \"recipient\": \"…\"}; recipient is optional.");
        var (lines, linesError) = request.Lines();
        if (lines is null) return Invalid(linesError!);
        var (given, recipientError) = request.GivenRecipient();
        if (recipientError is not null) return Invalid(recipientError);
        if ((given ?? caller.ConfiguredAddress()) is not { } recipient)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "No recipient",
                $"User '{caller.UserId}' has no usable configured mail address (Users:{caller.UserId}:Email); give a recipient.");
        }

        var id = Guid.NewGuid().ToString("n");
        var order = new Order(id, caller.Time.GetUtcNow(), recipient.Name is { Length: > 0 } name ? name : null, recipient.Address,
            lines, lines.Sum(line => line.Amount));
        var change = await caller.Session.Set(Order.SessionKey(id), JsonSerializer.SerializeToUtf8Bytes(order, Order.Json), null);
        return change.Outcome switch
        {
            SessionOutcome.Applied or SessionOutcome.Unchanged => TypedResults.Created($"/orders/{id}", order),
            SessionOutcome.ValueTooLarge or SessionOutcome.SessionTooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "Order too large",
                "The order does not fit in your session; order fewer or shorter items, or clear old orders from the session."),
            _ => throw new InvalidOperationException($"Storing an order answered {change.Outcome}."),
        };
    }

    public static async Task<Results<Ok<Order>, ProblemHttpResult>> GetOrder(string id, [AsParameters] OrderCaller caller)
    {
        var (order, problem) = await caller.Find(id);
        return order is null ? problem! : TypedResults.Ok(order);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetReceipt(string id, [AsParameters] OrderCaller caller)
    {
        var (order, problem) = await caller.Find(id);
        return order is null ? problem! : TypedResults.Bytes(caller.Receipts.Compose(order, caller.UserId), ReceiptMediaType);
    }

    private static ProblemHttpResult Invalid(string detail) => Problem(StatusCodes.Status400BadRequest, "Invalid order", detail);

    /// <summary>The caller, their session, their configured address and the receipt composer.</summary>
    public readonly record struct OrderCaller(ClaimsPrincipal User, IGrainFactory Grains, HttpRequest Request, TimeProvider Time,
        IOptionsMonitor<UserDirectoryOptions> Users, OrderReceipts Receipts)
    {
        public string UserId => SignalApi.UserOf(User);

        public ISessionGrain Session => Grains.Get<ISessionGrain>(UserId);

        public MailboxAddress? ConfiguredAddress() =>
            Users.CurrentValue.Users.GetValueOrDefault(UserId)?.Email is { } email && Mailbox.TryParse(email, out var mailbox) ? mailbox : null;

        /// <summary>The caller's order; orders live in the caller's session, so another user's id is simply not found.</summary>
        public async Task<(Order? Order, ProblemHttpResult? Problem)> Find(string id)
        {
            var notFound = Problem(StatusCodes.Status404NotFound, "Order not found", $"You have no order '{id}'.");
            if (!Guid.TryParseExact(id, "n", out _)) return (null, notFound);
            var value = await Session.Get(Order.SessionKey(id));
            if (value.Utf8Json is null) return (null, notFound);
            try
            {
                if (JsonSerializer.Deserialize<Order>(value.Utf8Json, Order.Json) is { } order) return (order, null);
            }
            catch (JsonException)
            {
            }

            // The session API can overwrite any key; say so rather than fail.
            return (null, Problem(StatusCodes.Status409Conflict, "Not an order", $"The session value '{Order.SessionKey(id)}' is no longer an order."));
        }
    }
}
