namespace Platform.Contracts.Signals;

/// <summary>
/// A short-lived, single-use ticket that opens one user's event stream where a header cannot be sent
/// (a browser's EventSource). Keyed by the SHA-256 hash of the ticket; the ticket itself is never stored.
/// </summary>
[Alias("Platform.Contracts.Signals.ISignalTicketGrain")]
public interface ISignalTicketGrain : IGrainWithStringKey
{
    [Alias("Issue")]
    ValueTask Issue(string user, DateTimeOffset expires);

    /// <summary>The ticket's user, once: null when it is unknown, expired or already used.</summary>
    [Alias("Redeem")]
    ValueTask<string?> Redeem();
}
