using System.Text.Json;
using System.Text.Json.Serialization;
using MimeKit;

namespace Platform.ApiService.Orders;

/// <summary>The body of <c>POST /orders</c>: the items and, optionally, who gets the receipt.</summary>
public sealed record OrderRequest(OrderItemRequest[]? Items, string? Recipient)
{
    public const int MaxItems = 100;
    public const int MaxNameLength = 200;
    public const int MaxQuantity = 1000;
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>Web names; a price or quantity must be a JSON number, not a string.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { NumberHandling = JsonNumberHandling.Strict };

    /// <summary>The checked lines, or what is wrong with the first bad field, named by its JSON path.</summary>
    public (OrderLine[]? Lines, string? Error) Lines()
    {
        if (Items is not { Length: > 0 and <= MaxItems })
        {
            return (null, $"items must hold 1 to {MaxItems} items, each {{\"name\": \"…\", \"price\": 0.00, \"quantity\": 1}}.");
        }

        var lines = new OrderLine[Items.Length];
        for (var i = 0; i < Items.Length; i++)
        {
            var item = Items[i];
            if (item?.Name is not { Length: > 0 and <= MaxNameLength } name || string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl))
            {
                return (null, $"items[{i}].name must be 1 to {MaxNameLength} characters without control characters such as CR or LF.");
            }

            if (item.Price is not { } price || price < 0 || price > MaxPrice || price != decimal.Round(price, 2))
            {
                return (null, $"items[{i}].price must be a number from 0 to {MaxPrice} with at most two decimals.");
            }

            if (item.Quantity is < 1 or > MaxQuantity)
            {
                return (null, $"items[{i}].quantity must be 1 to {MaxQuantity}; leave it out for 1.");
            }

            lines[i] = new OrderLine(name, price, item.Quantity ?? 1);
        }

        return (lines, null);
    }

    /// <summary>The recipient the caller gave (null: none given), or what is wrong with it.</summary>
    public (MailboxAddress? Mailbox, string? Error) GivenRecipient() =>
        Recipient is null ? (null, null)
        : Mailbox.TryParse(Recipient, out var mailbox) ? (mailbox, null)
        : (null, "recipient must be one mail address such as \"Zoë Müller <zoe@example.com>\", without control characters such as CR or LF.");
}

public sealed record OrderItemRequest(string? Name, decimal? Price, int? Quantity);
