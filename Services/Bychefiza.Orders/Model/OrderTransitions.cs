namespace Bychefiza.Orders.Model;

/// <summary>The order's state machine: which status may follow which. Everything else is refused.</summary>
public static class OrderTransitions
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Allowed = new()
    {
        [OrderStatus.Pending] = [OrderStatus.Paid, OrderStatus.Cancelled],
        [OrderStatus.Paid] = [OrderStatus.Shipped, OrderStatus.RefundPending],
        [OrderStatus.Shipped] = [OrderStatus.Delivered],
        // A refused refund leaves the order paid, so an admin can try again.
        [OrderStatus.RefundPending] = [OrderStatus.Refunded, OrderStatus.Paid],
        [OrderStatus.Delivered] = [],
        [OrderStatus.Cancelled] = [],
        [OrderStatus.Refunded] = [],
    };

    public static bool IsAllowed(OrderStatus from, OrderStatus to) => Allowed[from].Contains(to);

    /// <summary>No further status can follow: the order has reached its end.</summary>
    public static bool IsFinal(OrderStatus status) => Allowed[status].Length == 0;
}
