using System.Text.RegularExpressions;
using Bychefiza.ServiceDefaults.Validation;

namespace Bychefiza.Orders.Apis;

/// <summary>Field errors for placing an order, named the way the JSON body (and the key header) name them.</summary>
internal static partial class OrderValidation
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 1000;
    public const int MaxKeyLength = 255;

    public static Dictionary<string, string[]> Place(PlaceOrderRequest request, string? idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxKeyLength || !PrintableAscii().IsMatch(idempotencyKey))
        {
            errors["Idempotency-Key"] = [$"Send an Idempotency-Key header of 1 to {MaxKeyLength} printable ASCII characters, new for each order."];
        }
        Items(request.Items, errors);
        Address(request.ShippingAddress, errors);
        if (string.IsNullOrEmpty(request.PaymentToken) || request.PaymentToken.Length > 255 || !Token().IsMatch(request.PaymentToken))
        {
            errors["paymentToken"] = ["Give the payment provider's token for this payment (letters, digits, '_' and '-')."];
        }
        return errors;
    }

    private static void Items(IReadOnlyList<OrderItemRequest?>? items, Dictionary<string, string[]> errors)
    {
        if (items is not { Count: >= 1 and <= MaxItems })
        {
            errors["items"] = [$"Order 1 to {MaxItems} different products."];
            return;
        }

        var seen = new HashSet<Guid>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item)
            {
                errors[$"items[{i}]"] = ["Give a product and a quantity."];
                continue;
            }
            if (item.ProductId is not { } productId || productId == Guid.Empty)
            {
                errors[$"items[{i}].productId"] = ["Give the product's id."];
            }
            else if (!seen.Add(productId))
            {
                errors[$"items[{i}].productId"] = ["Name each product once, with its whole quantity."];
            }
            if (item.Quantity is not (>= 1 and <= MaxQuantity))
            {
                errors[$"items[{i}].quantity"] = [$"Order 1 to {MaxQuantity} units."];
            }
        }
    }

    private static void Address(AddressRequest? address, Dictionary<string, string[]> errors)
    {
        if (address is null)
        {
            errors["shippingAddress"] = ["Give the address to ship the order to."];
            return;
        }
        Required(address.FullName, "shippingAddress.fullName", 200, errors);
        Required(address.Line1, "shippingAddress.line1", 200, errors);
        if (address.Line2 is { Length: > 200 } || HasControlCharacters(address.Line2))
        {
            errors["shippingAddress.line2"] = ["Keep the second line under 200 characters, or leave it out."];
        }
        Required(address.City, "shippingAddress.city", 100, errors);
        if (string.IsNullOrWhiteSpace(address.PostalCode) || !PostalCode().IsMatch(address.PostalCode))
        {
            errors["shippingAddress.postalCode"] = ["Give a postal code of 2 to 12 letters, digits, spaces or dashes."];
        }
        if (address.Country is null || !Countries.IsAssigned(address.Country.ToUpperInvariant()))
        {
            errors["shippingAddress.country"] = ["Give the country as its ISO 3166-1 alpha-2 code, e.g. DE or US."];
        }
    }

    private static void Required(string? value, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength || HasControlCharacters(value))
        {
            errors[field] = [$"Give 1 to {maxLength} characters."];
        }
    }

    private static bool HasControlCharacters(string? value) => value is not null && value.Any(char.IsControl);

    [GeneratedRegex("^[\\x21-\\x7E]+$")]
    private static partial Regex PrintableAscii();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Token();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 -]{0,10}[A-Za-z0-9]$")]
    private static partial Regex PostalCode();
}
