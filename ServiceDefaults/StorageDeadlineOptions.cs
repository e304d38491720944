using System.ComponentModel.DataAnnotations;

namespace Platform.ServiceDefaults;

/// <summary>How long one call to Redis or Azure Storage may take, retries included (configuration section <c>Storage</c>).</summary>
public sealed class StorageDeadlineOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    /// <summary>
    /// Default 3 seconds: a store that is down or slow fails the call within this, and the API answers 503,
    /// before its own 5-second limit on a call into the cluster gives up on the silo.
    /// </summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(3);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Deadline < TimeSpan.FromMilliseconds(100) || Deadline > TimeSpan.FromMinutes(1))
        {
            yield return new("must be from 100 milliseconds to one minute.", [nameof(Deadline)]);
        }
    }
}
