using Bychefiza.Orders.Model;

namespace Bychefiza.Orders.Apis;

public sealed record PlaceOrderRequest(IReadOnlyList<OrderItemRequest?>? Items, AddressRequest? ShippingAddress, string? PaymentToken);

public sealed record OrderItemRequest(Guid? ProductId, int? Quantity);

public sealed record AddressRequest(string? FullName, string? Line1, string? Line2, string? City, string? PostalCode, string? Country);

/// <summary>The answer to placing an order (and to replaying the same request).</summary>
public sealed record PlacedOrder(Guid Id, string Status, decimal Total, string Currency)
{
    public static PlacedOrder Of(Order order) => new(order.Id, order.Status.ToString(), order.Total, order.Currency);
}

public sealed record OrderSummary(Guid Id, Guid CustomerId, string Status, decimal Total, string Currency, int ItemCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Items, int Page, int PageSize, int TotalCount);

public sealed record OrderLineView(Guid ProductId, string Name, int Quantity, decimal UnitPrice, decimal LineTotal);

public sealed record StatusChangeView(string? From, string To, DateTimeOffset At, string Reason);

public sealed record OrderView(
    Guid Id,
    Guid CustomerId,
    string Status,
    IReadOnlyList<OrderLineView> Items,
    decimal Total,
    string Currency,
    ShippingAddress ShippingAddress,
    Guid? PaymentId,
    IReadOnlyList<StatusChangeView> History,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static OrderView Of(Order order) => new(
        order.Id,
        order.CustomerId,
        order.Status.ToString(),
        [.. order.Lines.Select(l => new OrderLineView(l.ProductId, l.ProductName, l.Quantity, l.UnitPrice, l.LineTotal))],
        order.Total,
        order.Currency,
        order.ShippingAddress,
        order.PaymentId,
        [.. order.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new StatusChangeView(h.From?.ToString(), h.To.ToString(), h.At, h.Reason))],
        order.CreatedAt,
        order.UpdatedAt);
}

public sealed record PageQuery(int? Page, int? PageSize)
{
    public const int MaxPageSize = 100;

    public int EffectivePage => Page ?? 1;

    public int EffectivePageSize => PageSize ?? 20;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (EffectivePage < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }
        if (EffectivePageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Ask for 1 to {MaxPageSize} orders a page."];
        }
        return errors;
    }
}
