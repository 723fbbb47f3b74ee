namespace Bychefiza.Orders.Model;

/// <summary>
/// A customer's order: its lines as the catalog priced them, where it goes, and every status it has
/// had. Status changes go through the methods below, which keep to <see cref="OrderTransitions"/>.
/// </summary>
public sealed class Order
{
    private readonly List<OrderLine> _lines = [];
    private readonly List<OrderStatusChange> _history = [];

    private Order()
    {
    }

    public Guid Id { get; private init; }

    public Guid CustomerId { get; private init; }

    public OrderStatus Status { get; private set; }

    public decimal Total { get; private init; }

    public string Currency { get; private init; } = "";

    public ShippingAddress ShippingAddress { get; private init; } = null!;

    /// <summary>The payment that paid for the order, once it is paid.</summary>
    public Guid? PaymentId { get; private set; }

    public DateTimeOffset CreatedAt { get; private init; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL's <c>xmin</c>: two writers of one order cannot both win.</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public IReadOnlyList<OrderStatusChange> History => _history;

    /// <summary>The newest step of the history; what an <c>OrderStatusChanged</c> event reports.</summary>
    public OrderStatusChange LastChange => _history.MaxBy(h => h.At) ?? throw new InvalidOperationException("An order always has a history.");

    /// <summary>A new pending order; its total is the sum of its lines at the catalog's prices.</summary>
    public static Order Place(Guid id, Guid customerId, IReadOnlyList<OrderLine> lines, string currency, ShippingAddress address, DateTimeOffset now)
    {
        if (lines.Count == 0)
        {
            throw new ArgumentException("An order has at least one line.", nameof(lines));
        }
        if (lines.Any(l => l.Quantity <= 0 || l.UnitPrice < 0))
        {
            throw new ArgumentException("Every line has a positive quantity and a price of zero or more.", nameof(lines));
        }

        var order = new Order
        {
            Id = id,
            CustomerId = customerId,
            Status = OrderStatus.Pending,
            Total = lines.Sum(l => l.LineTotal),
            Currency = currency,
            ShippingAddress = address,
            CreatedAt = now,
            UpdatedAt = now,
        };
        order._lines.AddRange(lines);
        order._history.Add(new OrderStatusChange { From = null, To = OrderStatus.Pending, At = now, Reason = "Order placed." });
        return order;
    }

    public Transition MarkPaid(Guid paymentId, DateTimeOffset now)
    {
        var outcome = MoveTo(OrderStatus.Paid, "Payment completed.", now);
        if (outcome == Transition.Applied)
        {
            PaymentId = paymentId;
        }
        return outcome;
    }

    public Transition MarkPaymentFailed(string reason, DateTimeOffset now) =>
        MoveTo(OrderStatus.Cancelled, $"Payment failed: {reason}", now);

    /// <summary>The owner cancels: a pending order ends at once; a paid one waits for its refund.</summary>
    public Transition Cancel(string reason, DateTimeOffset now) => Status switch
    {
        OrderStatus.Pending or OrderStatus.Cancelled => MoveTo(OrderStatus.Cancelled, reason, now),
        _ => RequestRefund(reason, now),
    };

    public Transition RequestRefund(string reason, DateTimeOffset now) =>
        Status is OrderStatus.Refunded ? Transition.AlreadyDone : MoveTo(OrderStatus.RefundPending, reason, now);

    public Transition MarkRefunded(DateTimeOffset now) => MoveTo(OrderStatus.Refunded, "Refund completed.", now);

    /// <summary>The provider would not refund: the order is paid again, for an admin to look at.</summary>
    public Transition MarkRefundRefused(string reason, DateTimeOffset now) =>
        Status == OrderStatus.RefundPending ? MoveTo(OrderStatus.Paid, $"Refund failed: {reason}", now) : Transition.AlreadyDone;

    public Transition Ship(DateTimeOffset now) => MoveTo(OrderStatus.Shipped, "Shipped.", now);

    public Transition Deliver(DateTimeOffset now) => MoveTo(OrderStatus.Delivered, "Delivered.", now);

    /// <summary>Notes an event that changes nothing, such as a payment that arrived after a cancellation.</summary>
    public void Note(string reason, DateTimeOffset now)
    {
        _history.Add(new OrderStatusChange { From = Status, To = Status, At = now, Reason = reason });
        UpdatedAt = now;
    }

    private Transition MoveTo(OrderStatus target, string reason, DateTimeOffset now)
    {
        if (Status == target)
        {
            return Transition.AlreadyDone;
        }
        if (!OrderTransitions.IsAllowed(Status, target))
        {
            return Transition.Refused;
        }

        _history.Add(new OrderStatusChange { From = Status, To = target, At = now, Reason = reason });
        Status = target;
        UpdatedAt = now;
        return Transition.Applied;
    }
}
