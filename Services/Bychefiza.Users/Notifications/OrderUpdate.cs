using System.Globalization;
using Bychefiza.Messaging.Events;

namespace Bychefiza.Users.Notifications;

/// <summary>What a customer is told when their order moves; the first step (placed) is their own doing and says nothing.</summary>
public static class OrderUpdate
{
    public const string Kind = "order-update";

    public static (string Title, string Body)? Describe(OrderStatusChanged change)
    {
        var order = change.OrderId.ToString("N")[..8].ToUpperInvariant();
        var total = string.Create(CultureInfo.InvariantCulture, $"{change.Total:0.00} {change.Currency}");
        return change.Status switch
        {
            "Paid" => ($"Order {order} is paid", $"We received your payment of {total}. We will tell you when the order ships."),
            "Shipped" => ($"Order {order} is on its way", "Your order has left our warehouse."),
            "Delivered" => ($"Order {order} was delivered", "Your order has arrived. Enjoy it!"),
            "Cancelled" => ($"Order {order} was cancelled", change.Reason),
            "Refunded" => ($"Order {order} was refunded", $"{total} is on its way back to you. {change.Reason}"),
            _ => null,
        };
    }
}
