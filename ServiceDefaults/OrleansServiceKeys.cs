using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults;

/// <summary>The <c>ServiceKey</c>s that the Aspire-convention <c>Orleans</c> section names for one provider type.</summary>
internal static class OrleansServiceKeys
{
    public static IEnumerable<string> For(IConfiguration configuration, string providerType)
    {
        var orleans = configuration.GetSection("Orleans");
        return new[] { orleans.GetSection("Clustering"), orleans.GetSection("Reminders") }
            .Concat(orleans.GetSection("GrainStorage").GetChildren())
            .Concat(orleans.GetSection("Streaming").GetChildren())
            .Where(section => string.Equals(section["ProviderType"], providerType, StringComparison.OrdinalIgnoreCase))
            .Select(section => section["ServiceKey"])
            .OfType<string>()
            .Where(key => key.Length > 0)
            .Distinct(StringComparer.Ordinal);
    }

    public static string ConnectionString(IConfiguration configuration, string serviceKey) =>
        configuration.GetConnectionString(serviceKey)
        ?? throw new InvalidOperationException(
            $"Orleans configuration names the service key '{serviceKey}', but ConnectionStrings:{serviceKey} is not set.");
}
