using System.Diagnostics.Metrics;
using Bychefiza.Orders.Model;

namespace Bychefiza.Orders.Checkout;

/// <summary>
/// The shop's figures as metrics (meter <c>Bychefiza.Orders</c>, exported over OTLP and at
/// <c>/metrics</c>): orders placed, orders paid and the revenue they bring, by currency. A placed
/// order counts once its transaction has committed; a paid one when its payment event is applied,
/// so an event applied again after a failed commit could count twice (the database stays the truth,
/// <c>/api/orders/stats</c>).
/// </summary>
public sealed class OrderMetrics
{
    public const string MeterName = "Bychefiza.Orders";

    private readonly Counter<long> _created;
    private readonly Counter<long> _paid;
    private readonly Counter<double> _revenue;

    public OrderMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _created = meter.CreateCounter<long>("bychefiza.orders.created", "{order}", "Orders placed.");
        _paid = meter.CreateCounter<long>("bychefiza.orders.paid", "{order}", "Orders whose payment completed.");
        _revenue = meter.CreateCounter<double>("bychefiza.revenue", description: "The totals of paid orders, in each currency's major unit.");
    }

    public void Placed(Order order) => _created.Add(1, CurrencyOf(order));

    public void Paid(Order order)
    {
        _paid.Add(1, CurrencyOf(order));
        _revenue.Add((double)order.Total, CurrencyOf(order));
    }

    private static KeyValuePair<string, object?> CurrencyOf(Order order) => new("currency", order.Currency);
}
