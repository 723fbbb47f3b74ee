using Bychefiza.Orders.Model;

namespace Bychefiza.Tests.Unit;

/// <summary>The order's state machine and its total, as the model enforces them.</summary>
public sealed class OrderRulesTests
{
    private static readonly DateTimeOffset Placed = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly ShippingAddress Address = new("Ada Lovelace", "Hauptstraße 1", null, "Berlin", "10115", "DE");

    private static Order NewOrder(params (decimal UnitPrice, int Quantity)[] lines) => Order.Place(
        Guid.CreateVersion7(), Guid.NewGuid(),
        [.. lines.Select(l => new OrderLine { ProductId = Guid.NewGuid(), ProductName = "Product", Quantity = l.Quantity, UnitPrice = l.UnitPrice })],
        "USD", Address, Placed);

    private static Order Paid()
    {
        var order = NewOrder((10m, 1));
        order.MarkPaid(Guid.NewGuid(), Placed.AddMinutes(1));
        return order;
    }

    [Fact]
    public void The_total_is_the_sum_of_the_lines_at_their_unit_prices()
    {
        var order = NewOrder((12.50m, 2), (0.99m, 3), (0m, 1));

        Assert.Equal(27.97m, order.Total);
        Assert.Equal([25.00m, 2.97m, 0m], order.Lines.Select(l => l.LineTotal));
        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal((null, OrderStatus.Pending), (order.History.Single().From, order.History.Single().To));
    }

    [Fact]
    public void An_order_needs_lines_with_positive_quantities_and_no_negative_prices()
    {
        Assert.Throws<ArgumentException>(() => NewOrder());
        Assert.Throws<ArgumentException>(() => NewOrder((10m, 0)));
        Assert.Throws<ArgumentException>(() => NewOrder((-1m, 1)));
    }

    [Fact]
    public void A_pending_order_is_paid_once_and_remembers_its_payment()
    {
        var order = NewOrder((10m, 1));
        var payment = Guid.NewGuid();

        Assert.Equal(Transition.Applied, order.MarkPaid(payment, Placed.AddMinutes(1)));
        Assert.Equal(Transition.AlreadyDone, order.MarkPaid(Guid.NewGuid(), Placed.AddMinutes(2)));
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(payment, order.PaymentId);
        Assert.Equal(Placed.AddMinutes(1), order.UpdatedAt);
        Assert.Equal([OrderStatus.Pending, OrderStatus.Paid], order.History.Select(h => h.To));
    }

    [Fact]
    public void A_failed_payment_cancels_a_pending_order_but_not_a_paid_one()
    {
        var pending = NewOrder((10m, 1));
        var paid = Paid();

        Assert.Equal(Transition.Applied, pending.MarkPaymentFailed("Your card was declined.", Placed.AddMinutes(1)));
        Assert.Equal(OrderStatus.Cancelled, pending.Status);
        Assert.Equal("Payment failed: Your card was declined.", pending.LastChange.Reason);
        Assert.Equal(Transition.Refused, paid.MarkPaymentFailed("late", Placed.AddMinutes(2)));
        Assert.Equal(OrderStatus.Paid, paid.Status);
    }

    [Fact]
    public void Cancelling_ends_a_pending_order_and_sends_a_paid_one_to_refund()
    {
        var pending = NewOrder((10m, 1));
        var paid = Paid();

        Assert.Equal(Transition.Applied, pending.Cancel("Changed my mind.", Placed.AddMinutes(1)));
        Assert.Equal(OrderStatus.Cancelled, pending.Status);
        Assert.Equal(Transition.AlreadyDone, pending.Cancel("Again.", Placed.AddMinutes(2)));
        Assert.Equal(Transition.Applied, paid.Cancel("Changed my mind.", Placed.AddMinutes(2)));
        Assert.Equal(OrderStatus.RefundPending, paid.Status);
        Assert.Equal(Transition.Applied, paid.MarkRefunded(Placed.AddMinutes(3)));
        Assert.Equal(Transition.AlreadyDone, paid.Cancel("Again.", Placed.AddMinutes(4)));
        Assert.Equal(OrderStatus.Refunded, paid.Status);
    }

    [Fact]
    public void A_refused_refund_leaves_the_order_paid_for_another_try()
    {
        var order = Paid();
        order.RequestRefund("Refunded by an admin.", Placed.AddMinutes(2));

        Assert.Equal(Transition.Applied, order.MarkRefundRefused("The charge is disputed.", Placed.AddMinutes(3)));
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(Transition.Applied, order.RequestRefund("Second try.", Placed.AddMinutes(4)));
        Assert.Equal(OrderStatus.RefundPending, order.Status);
    }

    [Fact]
    public void Shipping_follows_payment_and_delivery_follows_shipping()
    {
        var pending = NewOrder((10m, 1));
        var order = Paid();

        Assert.Equal(Transition.Refused, pending.Ship(Placed.AddMinutes(1)));
        Assert.Equal(Transition.Refused, order.Deliver(Placed.AddMinutes(2)));
        Assert.Equal(Transition.Applied, order.Ship(Placed.AddMinutes(3)));
        Assert.Equal(Transition.Refused, order.Cancel("Too late.", Placed.AddMinutes(4)));
        Assert.Equal(Transition.Refused, order.RequestRefund("Too late.", Placed.AddMinutes(4)));
        Assert.Equal(Transition.Applied, order.Deliver(Placed.AddMinutes(5)));
        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.True(OrderTransitions.IsFinal(order.Status));
        Assert.Equal([OrderStatus.Pending, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered], order.History.Select(h => h.To));
    }

    [Theory]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Refunded)]
    [InlineData(OrderStatus.Delivered)]
    public void A_final_status_allows_nothing_after_it(OrderStatus final)
    {
        Assert.True(OrderTransitions.IsFinal(final));
        Assert.All(Enum.GetValues<OrderStatus>(), next => Assert.False(OrderTransitions.IsAllowed(final, next)));
    }
}
