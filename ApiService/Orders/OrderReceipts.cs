using System.Globalization;
using MimeKit;

namespace Platform.ApiService.Orders;

/// <summary>Composes an order's receipt: the text from the Liquid templates, the RFC 5322 message by MimeKit.</summary>
public sealed class OrderReceipts(MailboxAddress from, OrderTemplates templates)
{
    // RFC 5322 lines end in CRLF whatever the platform; headers stay ASCII (RFC 2047 encoded-words).
    private static readonly FormatOptions Format = CreateFormat();

    public static OrderReceipts Create(OrderOptions options) =>
        new(Mailbox.TryParse(options.From, out var from) ? from : throw new InvalidOperationException("Orders:From was validated at start."),
            options.Loaded.Templates ?? throw new InvalidOperationException(options.Loaded.Error));

    /// <summary>The receipt, addressed to the order's recipient and greeting them (or, unnamed, <paramref name="user"/>).</summary>
    public byte[] Compose(Order order, string user)
    {
        var view = new ReceiptView(
            order.RecipientName ?? user,
            order.Id,
            order.Placed.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            order.Items.Select(item => new ReceiptLineView(item.Name, item.Quantity, Money(item.Price), Money(item.Amount))).ToArray(),
            Money(order.Total));
        var text = new TextPart("plain");
        text.SetText("utf-8", templates.RenderReceipt(view));
        var message = new MimeMessage
        {
            Date = order.Placed,
            // The same order always has the same id, so a receipt fetched twice is one message.
            MessageId = $"order.{order.Id}@{from.Domain}",
            Subject = templates.RenderSubject(view),
            Body = text,
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(order.RecipientName, order.RecipientAddress));
        message.Prepare(EncodingConstraint.SevenBit);

        using var buffer = new MemoryStream();
        message.WriteTo(Format, buffer);
        return buffer.ToArray();
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = false;
        return format;
    }
}
