using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Platform.Contracts;
using Platform.Contracts.Reports;
using Platform.Contracts.Signals;
using Platform.Silo.Signals;

namespace Platform.Silo.Reports;

/// <summary>
/// The signer: subscribes to each user's durable signal stream (implicitly, one activation per user) and
/// signs the report a <c>report_ready</c> names with HMAC-SHA256. Signals arrive at least once and may come
/// out of order; the sequencer hands each over once, in order, and the report keeps only one signature.
/// </summary>
[ImplicitStreamSubscription(SignalStreams.DurableNamespace)]
public sealed partial class ReportSignerGrain(
    [PersistentState("signer", SignalStorage.ProviderName)] IPersistentState<ReportSignerState> progress,
    IOptions<ReportSigningOptions> signing,
    TimeProvider time,
    ILogger<ReportSignerGrain> logger)
    : Grain, IReportSignerGrain
{
    private SignalSequencer _sequencer = null!;

    private string User => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var log = GrainFactory.ByKey<ISignalLogGrain>(User);
        _sequencer = new SignalSequencer(progress.State.Delivered, after => log.Read(after, 256, durableOnly: true).AsTask());
        var stream = this.GetStreamProvider(SignalStreams.DurableProvider).GetStream<SignalBatch>(SignalStreams.Durable(User));
        await stream.SubscribeAsync((batch, _) => Handle(batch));
    }

    private async Task Handle(SignalBatch batch)
    {
        var signed = false;
        // A report whose signing failed (its grain's silo just died) is signed when the stream retries the batch.
        await _sequencer.Handle(batch, async signals =>
        {
            foreach (var signal in signals.Where(signal => signal.Name == SignalNames.ReportReady))
            {
                await Sign(signal);
                signed = true;
            }
        });

        if (signed)
        {
            // Only progress past a report matters after a restart; other signals are cheap to see again.
            progress.State.Delivered = _sequencer.Delivered;
            await progress.WriteStateAsync();
        }
    }

    private async Task Sign(Signal signal)
    {
        if (ReportId(signal) is not { } reportId)
        {
            LogUnreadable(logger, signal.Sequence, User);
            return;
        }

        var report = GrainFactory.ByKey<IReportGrain>(reportId);
        if (await report.Get() is not { Owner: var owner, State: ReportState.Pending, Document: var document } || owner != User)
        {
            return;
        }

        var options = signing.Value;
        var value = Convert.ToBase64String(HMACSHA256.HashData(options.Key, Encoding.UTF8.GetBytes(document)));
        if (await report.AttachSignature(new ReportSignature("HMAC-SHA256", options.KeyId, value, time.GetUtcNow(), signal.Id)))
        {
            LogSigned(logger, reportId, User);
        }
    }

    private static string? ReportId(Signal signal)
    {
        try
        {
            using var data = JsonDocument.Parse(signal.Data);
            return data.RootElement.ValueKind == JsonValueKind.Object && data.RootElement.TryGetProperty("reportId", out var id)
                && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed report {ReportId} of {User}.")]
    private static partial void LogSigned(ILogger logger, string reportId, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "report_ready #{Sequence} of {User} names no report id; skipped.")]
    private static partial void LogUnreadable(ILogger logger, long sequence, string user);
}
