using Platform.Contracts.Signals;

namespace Platform.Tests.Signals;

/// <summary>What a stream consumer (the report signer) is handed when Orleans delivers a batch again.</summary>
public sealed class SignalSequencerTests
{
    private static Signal Ready(long sequence) =>
        new(Guid.NewGuid(), sequence, SignalNames.ReportReady, "alice", $$"""{"reportId":"r{{sequence}}"}""", null, null, DateTimeOffset.UnixEpoch, true);

    private static readonly Func<long, Task<SignalPage>> NothingMissed = _ => Task.FromResult(new SignalPage([], 0, 0));

    [Fact]
    public async Task A_batch_whose_handling_failed_is_handed_over_again_when_the_stream_retries_it()
    {
        var sequencer = new SignalSequencer(0, NothingMissed);
        var batch = new SignalBatch(0, [Ready(1), Ready(2)]);
        var handed = new List<long>();

        await Assert.ThrowsAsync<TimeoutException>(() => sequencer.Handle(batch, _ => throw new TimeoutException("the report's silo died")));
        Assert.True(await sequencer.Handle(batch, signals =>
        {
            handed.AddRange(signals.Select(signal => signal.Sequence));
            return Task.CompletedTask;
        }));

        Assert.Equal([1, 2], handed);
        Assert.Equal(2, sequencer.Delivered);
    }

    [Fact]
    public async Task A_batch_handled_once_is_not_handed_over_again()
    {
        var sequencer = new SignalSequencer(0, NothingMissed);
        var batch = new SignalBatch(0, [Ready(1)]);
        var handled = 0;

        Assert.True(await sequencer.Handle(batch, _ => Task.FromResult(handled++)));
        Assert.False(await sequencer.Handle(batch, _ => Task.FromResult(handled++)));

        Assert.Equal(1, handled);
    }
}
