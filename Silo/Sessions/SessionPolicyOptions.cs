using System.ComponentModel.DataAnnotations;

namespace Platform.Silo.Sessions;

/// <summary>How long sessions live and how large they may grow (configuration section <c>Sessions</c>).</summary>
public sealed class SessionPolicyOptions : IValidatableObject
{
    public const string SectionName = "Sessions";

    /// <summary>A session no request uses for this long expires (sliding). Default 20 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>A session expires this long after it was created, however busy. Default 8 hours.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often each expiry partition checks the sessions it knows to be due, and the width of the time
    /// buckets it stores due times in. A session nobody touches again leaves storage within about this
    /// long after it expired; a request finds it expired at once, whatever this is. Default one minute
    /// (a sweep calls only the due sessions, so a short period costs little); at least one second.
    /// </summary>
    public TimeSpan ExpiryCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest value, in bytes of compact UTF-8 JSON. Default 64 KiB.</summary>
    public int MaxValueBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest session, in bytes of its stored JSON document (keys, values and their envelope).
    /// Default 480 KiB: what one Azure table entity holds as text (15 properties of 32K characters).
    /// </summary>
    public int MaxSessionBytes { get; set; } = AzureTableEntityTextCapacity;

    /// <summary>Orleans' Azure table storage keeps text state in at most 15 string properties of 32K characters; more would be cut off.</summary>
    public const int AzureTableEntityTextCapacity = 15 * 32 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdleTimeout <= TimeSpan.Zero) yield return new("must be positive.", [nameof(IdleTimeout)]);
        if (AbsoluteLifetime <= TimeSpan.Zero) yield return new("must be positive.", [nameof(AbsoluteLifetime)]);
        if (ExpiryCheckPeriod < TimeSpan.FromSeconds(1)) yield return new("must be at least one second.", [nameof(ExpiryCheckPeriod)]);
        if (MaxValueBytes <= 0) yield return new("must be positive.", [nameof(MaxValueBytes)]);
        if (MaxSessionBytes < MaxValueBytes) yield return new("must be at least MaxValueBytes.", [nameof(MaxSessionBytes)]);
    }
}
