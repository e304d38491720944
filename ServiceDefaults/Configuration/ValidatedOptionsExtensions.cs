using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Configuration;

public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Options bound from a configuration section, checked by their data annotations (and
    /// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>) when the service starts, with
    /// messages that name the configuration key, such as <c>RateLimiting:PerUser:PermitLimit: must be at least 1</c>.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string sectionName) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new ConfigurationSectionValidator<T>(sectionName));
        return services.AddOptions<T>().BindConfiguration(sectionName).ValidateOnStart();
    }
}
