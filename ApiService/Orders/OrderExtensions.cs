using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ApiService.Orders;

public static class OrderExtensions
{
    /// <summary>The order options, validated (templates parsed) at start, and the receipt composer holding the parsed templates.</summary>
    public static IHostApplicationBuilder AddOrders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<OrderOptions>(OrderOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<OrderOptions>, OrderOptionsValidator>();
        // The monitor's instance is the one validated at start, so its parsed templates are reused, not parsed again.
        builder.Services.AddSingleton(services => OrderReceipts.Create(services.GetRequiredService<IOptionsMonitor<OrderOptions>>().CurrentValue));
        return builder;
    }
}
