using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Platform.ApiService.Cluster;
using Platform.Contracts.Signals;

namespace Platform.ApiService.Signals;

/// <summary>
/// Takes lifecycle signals off the request path: a bounded buffer that a background loop empties into
/// the users' signal logs in rounds (<see cref="SignalOptions.OutboxInterval"/> apart), one call per user
/// per round (a batch). When the buffer is full a new signal is
/// dropped and counted, never waited for; a dropped signal never reaches a log, so it takes no number.
/// </summary>
public sealed partial class SignalOutbox : BackgroundService
{
    private const int MaxRound = 4096;
    private readonly Channel<SignalDraft> _buffer;
    private readonly IGrainFactory _grains;
    private readonly SignalApiMetrics _metrics;
    private readonly ILogger<SignalOutbox> _logger;
    private readonly TimeSpan _interval;

    public SignalOutbox(IOptions<SignalOptions> options, IGrainFactory grains, SignalApiMetrics metrics, ILogger<SignalOutbox> logger)
    {
        _buffer = Channel.CreateBounded<SignalDraft>(new BoundedChannelOptions(options.Value.OutboxCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _grains = grains;
        _metrics = metrics;
        _logger = logger;
        _interval = options.Value.OutboxInterval;
    }

    public void Post(SignalDraft signal)
    {
        if (!_buffer.Writer.TryWrite(signal))
        {
            _metrics.Dropped(1);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _buffer.Reader.WaitToReadAsync(stoppingToken))
            {
                // Pacing, not synchronization: what arrives meanwhile joins this round.
                await Task.Delay(_interval, stoppingToken);
                await SendRound();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is buffered still goes out, once.
            await SendRound();
        }
    }

    private async Task SendRound()
    {
        var round = new List<SignalDraft>();
        while (round.Count < MaxRound && _buffer.Reader.TryRead(out var signal))
        {
            round.Add(signal);
        }

        await Task.WhenAll(round.GroupBy(signal => signal.User, StringComparer.Ordinal).Select(Send));
    }

    private async Task Send(IGrouping<string, SignalDraft> signals)
    {
        var batch = signals.ToList();
        try
        {
            await _grains.Get<ISignalLogGrain>(signals.Key).Append(batch);
        }
        catch (Exception exception)
        {
            _metrics.Dropped(batch.Count);
            LogSendFailed(_logger, batch.Count, exception.GetType().Name, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} lifecycle signal(s) dropped: the signal log did not take them ({ExceptionType}: {Message}).")]
    private static partial void LogSendFailed(ILogger logger, int count, string exceptionType, string message);
}
