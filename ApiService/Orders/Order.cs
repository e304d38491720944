using System.Text.Json;

namespace Platform.ApiService.Orders;

/// <summary>An order as stored in the caller's session under <see cref="SessionKey"/>, as plain JSON.</summary>
public sealed record Order(string Id, DateTimeOffset Placed, string? RecipientName, string RecipientAddress, OrderLine[] Items, decimal Total)
{
    /// <summary>Web names; a stored value missing a member or holding a null where none belongs is not an order.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string SessionKey(string id) => $"orders.{id}";
}

public sealed record OrderLine(string Name, decimal Price, int Quantity)
{
    public decimal Amount => Price * Quantity;
}
