using System.Diagnostics.CodeAnalysis;
using MimeKit;

namespace Platform.ApiService.Orders;

/// <summary>One RFC 5322 mailbox, as a person writes it: <c>zoe@example.com</c> or <c>Zoë Müller &lt;zoe@example.com&gt;</c>.</summary>
public static class Mailbox
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        mailbox = null;
        // Control characters are refused before parsing: CR or LF would otherwise fold into the header.
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsControl)) return false;
        // MimeKit accepts a local part alone; a mail needs a domain.
        return MailboxAddress.TryParse(text, out mailbox) && mailbox?.Address.Contains('@') == true;
    }
}
