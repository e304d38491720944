namespace Platform.Contracts.Signals;

/// <summary>
/// Turns one user's stream, which may deliver late, twice or out of order (Azure queues after a crash),
/// into each signal exactly once, in sequence order. Whatever a batch shows was missed is read back
/// from the user's log, which recorded it before it was published.
/// </summary>
/// <param name="delivered">The sequence of the last signal already handled (0: none).</param>
/// <param name="readAfter">Reads the stream's signals after a sequence from the user's log.</param>
public sealed class SignalSequencer(long delivered, Func<long, Task<SignalPage>> readAfter)
{
    public long Delivered { get; private set; } = delivered;

    /// <summary>How often missed signals were older than the log still holds (beyond its retention): gaps that cannot be filled.</summary>
    public int Gaps { get; private set; }

    /// <summary>The batch's signals not handled yet, preceded by any the stream skipped, in order.</summary>
    public async Task<IReadOnlyList<Signal>> Accept(SignalBatch batch)
    {
        if (batch.Signals.Count == 0 || batch.Signals[^1].Sequence <= Delivered)
        {
            return [];
        }

        if (batch.Previous > Delivered)
        {
            return await CatchUp(through: batch.Signals[^1].Sequence);
        }

        var fresh = batch.Signals.Where(signal => signal.Sequence > Delivered).ToList();
        Delivered = fresh[^1].Sequence;
        return fresh;
    }

    /// <summary>
    /// Hands the batch's new signals to <paramref name="handle"/>; they count as delivered only once it returns. On a
    /// failure the stream delivers the batch again (Orleans retries a consumer that threw), and it is handed over
    /// again instead of being dropped as already seen. Returns whether there was anything to handle.
    /// </summary>
    public async Task<bool> Handle(SignalBatch batch, Func<IReadOnlyList<Signal>, Task> handle)
    {
        var before = Delivered;
        var signals = await Accept(batch);
        if (signals.Count == 0)
        {
            return false;
        }

        try
        {
            await handle(signals);
            return true;
        }
        catch
        {
            Delivered = before;
            throw;
        }
    }

    /// <summary>Everything the log holds after <see cref="Delivered"/> (up to <paramref name="through"/>), in order.</summary>
    public async Task<IReadOnlyList<Signal>> CatchUp(long through = long.MaxValue)
    {
        var caughtUp = new List<Signal>();
        while (Delivered < through)
        {
            var page = await readAfter(Delivered);
            var next = page.Signals.Where(signal => signal.Sequence > Delivered && signal.Sequence <= through).ToList();
            if (next.Count == 0)
            {
                break;
            }

            if (caughtUp.Count == 0 && page.First > Delivered + 1)
            {
                Gaps++;
            }

            caughtUp.AddRange(next);
            Delivered = next[^1].Sequence;
        }

        return caughtUp;
    }
}
