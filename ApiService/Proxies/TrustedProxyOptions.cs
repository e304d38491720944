using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Platform.ApiService.Proxies;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed (section <c>ForwardedHeaders</c>):
/// addresses and CIDR networks separated by commas or spaces, or <c>none</c>. From any other sender the headers are ignored.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    public string TrustedProxies { get; set; } = "127.0.0.1, ::1";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TryParse(TrustedProxies, out _, out var error))
        {
            yield return new ValidationResult(error, [nameof(TrustedProxies)]);
        }
    }

    public IReadOnlyList<IPNetwork> Networks() => TryParse(TrustedProxies, out var networks, out _) ? networks : [];

    /// <summary>An address is a network of one (/32 or /128), so both kinds live in one list.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<IPNetwork> networks, out string error)
    {
        var parsed = new List<IPNetwork>();
        networks = parsed;
        error = "";
        foreach (var entry in (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (IPNetwork.TryParse(entry, out var network))
            {
                parsed.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                parsed.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                error = $"'{entry}' is neither an IP address nor a CIDR network such as 10.0.0.0/8";
                return false;
            }
        }

        return true;
    }

    public static bool Contains(IReadOnlyList<IPNetwork> networks, IPAddress? address) =>
        address is not null && networks.Any(network => network.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
}
