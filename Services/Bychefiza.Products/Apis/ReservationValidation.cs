namespace Bychefiza.Products.Apis;

/// <summary>Field errors for a reservation request, named the way the JSON body names them.</summary>
internal static class ReservationValidation
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 1000;

    public static Dictionary<string, string[]> Reserve(ReserveRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.OrderId is null || request.OrderId == Guid.Empty)
        {
            errors["orderId"] = ["Give the order's id."];
        }
        if (request.Items is not { Count: >= 1 and <= MaxItems })
        {
            errors["items"] = [$"Reserve 1 to {MaxItems} products at once."];
            return errors;
        }

        var seen = new HashSet<Guid>();
        for (var i = 0; i < request.Items.Count; i++)
        {
            if (request.Items[i] is not { } item)
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
                // One line per product keeps the reservation's answer and its release unambiguous.
                errors[$"items[{i}].productId"] = ["Name each product once, with its whole quantity."];
            }
            if (item.Quantity is not (>= 1 and <= MaxQuantity))
            {
                errors[$"items[{i}].quantity"] = [$"Reserve 1 to {MaxQuantity} units."];
            }
        }
        return errors;
    }
}
