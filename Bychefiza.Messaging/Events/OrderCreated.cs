namespace Bychefiza.Messaging.Events;

/// <summary>
/// A customer placed an order: its stock is reserved and its lines priced by the catalog. The payments
/// service charges <paramref name="Total"/> with <paramref name="PaymentToken"/>, a provider's token
/// (never card data).
/// </summary>
public sealed record OrderCreated(
    Guid OrderId, Guid CustomerId, decimal Total, string Currency, string PaymentToken, IReadOnlyList<OrderedItem> Items) : IntegrationEvent;

/// <summary>One line of an order as priced when it was placed.</summary>
public sealed record OrderedItem(Guid ProductId, string Name, int Quantity, decimal UnitPrice);
