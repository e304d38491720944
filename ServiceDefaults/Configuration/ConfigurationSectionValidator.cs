using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Configuration;

/// <summary>Data-annotation validation whose failures name the configuration key, not the C# member.</summary>
internal sealed class ConfigurationSectionValidator<T>(string sectionName) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(result => result.MemberNames.Any()
            ? $"{sectionName}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}"
            : $"{sectionName}: {result.ErrorMessage}"));
    }
}
