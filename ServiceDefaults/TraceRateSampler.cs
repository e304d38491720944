using OpenTelemetry.Trace;

namespace Platform.ServiceDefaults;

/// <summary>
/// Starts at most <c>perSecond</c> new traces a second (a bucket of that many, refilled continuously); a span with
/// a parent follows its parent's decision (wrapped in <see cref="ParentBasedSampler"/>). A developer clicking around
/// sees every request in the dashboard; a load test sees a steady sample instead of every request (ingesting
/// every one took the dashboard a fifth of the machine). OpenTelemetry's core packages have no rate-limited sampler
/// (the contrib one, in OpenTelemetry.Extensions, is not served by the package registry here).
/// </summary>
public sealed class TraceRateSampler : Sampler
{
    private readonly double _perSecond;
    private readonly double _capacity;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _refilledAt;

    public TraceRateSampler(double perSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        _perSecond = perSecond;
        // Below one a second, still one trace whenever the bucket has refilled.
        _capacity = Math.Max(1, perSecond);
        _time = time;
        _tokens = _capacity;
        _refilledAt = time.GetTimestamp();
        Description = $"TraceRateSampler{{{perSecond}/s}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + _time.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond);
            _refilledAt = now;
            if (_tokens < 1)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }

            _tokens--;
        }

        return new SamplingResult(SamplingDecision.RecordAndSample);
    }
}
