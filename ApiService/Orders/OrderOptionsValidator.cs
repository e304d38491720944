using Microsoft.Extensions.Options;

namespace Platform.ApiService.Orders;

/// <summary>Refuses the start when the sender is not one mail address or a template is missing or does not parse.</summary>
public sealed class OrderOptionsValidator : IValidateOptions<OrderOptions>
{
    public ValidateOptionsResult Validate(string? name, OrderOptions options)
    {
        var failures = new List<string>();
        if (!Mailbox.TryParse(options.From, out _))
        {
            failures.Add($"{OrderOptions.SectionName}:From must be one mail address such as \"Burger Shop <orders@burgers.example>\", not '{options.From}'.");
        }

        if (options.Loaded.Error is { } error) failures.Add(error);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
