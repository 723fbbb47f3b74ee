namespace Bychefiza.Users.Model;

/// <summary>
/// A product in a person's cart. Only the product and quantity are kept: names and prices are the
/// catalog's, read when the cart is shown and again when the order is placed.
/// </summary>
public sealed class CartLine
{
    public Guid UserId { get; init; }

    public Guid ProductId { get; init; }

    public int Quantity { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
