namespace Bychefiza.Orders.Model;

/// <summary>
/// Where an order is. The names travel in <c>OrderStatusChanged</c> events, so renaming one is a
/// contract change for the catalog and the users service.
/// </summary>
public enum OrderStatus
{
    /// <summary>Stock is held; the payment is under way.</summary>
    Pending,

    Paid,

    Shipped,

    Delivered,

    /// <summary>Ended before payment: declined, or cancelled by its owner while pending.</summary>
    Cancelled,

    /// <summary>Paid, then cancelled or refunded by an admin: waiting for the provider to give the money back.</summary>
    RefundPending,

    Refunded,
}
