namespace Bychefiza.Orders.Model;

/// <summary>One step of an order's history: what it became, when, and why.</summary>
public sealed class OrderStatusChange
{
    public long Id { get; init; }

    public OrderStatus? From { get; init; }

    public OrderStatus To { get; init; }

    public DateTimeOffset At { get; init; }

    public required string Reason { get; init; }
}
