namespace Bychefiza.Messaging.Events;

/// <summary>
/// An order moved from <paramref name="PreviousStatus"/> to <paramref name="Status"/> (names of the
/// orders service's <c>OrderStatus</c>: Pending, Paid, Shipped, Delivered, Cancelled, Refunded…).
/// The catalog sells or returns the order's stock on it; the users service tells the customer.
/// </summary>
public sealed record OrderStatusChanged(
    Guid OrderId, Guid CustomerId, string? PreviousStatus, string Status, string Reason, decimal Total, string Currency) : IntegrationEvent;
