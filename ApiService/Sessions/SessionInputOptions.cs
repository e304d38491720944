using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Platform.ApiService.Sessions;

/// <summary>What the API accepts before it asks the session grain (configuration section <c>Sessions</c>).</summary>
public sealed class SessionInputOptions : IValidatableObject
{
    public const string SectionName = "Sessions";

    /// <summary>The whole key must match. Default: 1 to 128 letters, digits or <c>. _ : ~ -</c>.</summary>
    public string KeyPattern { get; set; } = "^[A-Za-z0-9._:~-]{1,128}$";

    /// <summary>A request body larger than a whole session can never be stored, so it is refused unread.</summary>
    public int MaxSessionBytes { get; set; } = 1024 * 1024;

    private Regex? _key;

    public Regex Key => _key ??= new Regex(KeyPattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? error = null;
        try
        {
            _ = new Regex(KeyPattern, RegexOptions.NonBacktracking);
        }
        catch (ArgumentException exception)
        {
            error = exception.Message;
        }

        if (error is not null) yield return new($"is not a usable regular expression: {error}", [nameof(KeyPattern)]);
        if (MaxSessionBytes <= 0) yield return new("must be positive.", [nameof(MaxSessionBytes)]);
    }
}
