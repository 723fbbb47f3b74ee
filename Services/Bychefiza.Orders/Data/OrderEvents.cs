using Bychefiza.Messaging.Events;
using Bychefiza.Orders.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Data;

public static class OrderEvents
{
    /// <summary>Tells the other services about the order's newest status, in the same transaction as the change.</summary>
    public static void AddStatusChanged(this OrdersDbContext db, Order order)
    {
        var change = order.LastChange;
        db.AddEvent(new OrderStatusChanged(order.Id, order.CustomerId, change.From?.ToString(), change.To.ToString(), change.Reason, order.Total, order.Currency));
    }

    /// <summary>The order with its lines and history, locked until the transaction ends so concurrent changes queue.</summary>
    public static async Task<Order?> FindForUpdateAsync(this OrdersDbContext db, Guid orderId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Orders" WHERE "Id" = {orderId} FOR UPDATE""", cancellationToken);
        return await db.Orders.FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
    }
}
