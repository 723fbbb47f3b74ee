namespace Bychefiza.Orders.Model;

/// <summary>One product of an order at the unit price the catalog reserved it at.</summary>
public sealed class OrderLine
{
    public Guid ProductId { get; init; }

    public required string ProductName { get; init; }

    public int Quantity { get; init; }

    public decimal UnitPrice { get; init; }

    public decimal LineTotal => UnitPrice * Quantity;
}
