using Bychefiza.Messaging.Events;
using Bychefiza.Orders.Data;
using Bychefiza.Orders.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Checkout;

/// <summary>What a requested status change did; <see cref="Order"/> is null when there is no such order (for this caller).</summary>
public sealed record OrderChange(Order? Order, Transition Outcome);

/// <summary>
/// Status changes that people ask for (cancel, ship, deliver, refund): each locks the order, lets the
/// order's own rules decide, and writes the events in the same transaction.
/// </summary>
public sealed class OrderChanges(OrdersDbContext db, TimeProvider time)
{
    /// <param name="ownerId">When given, only that customer's order is found: anyone else's answers "no such order".</param>
    public Task<OrderChange> ChangeAsync(Guid orderId, Guid? ownerId, Func<Order, DateTimeOffset, Transition> change, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async ct =>
        {
            var order = await db.FindForUpdateAsync(orderId, ct);
            if (order is null || (ownerId is { } owner && order.CustomerId != owner))
            {
                return new OrderChange(null, Transition.Refused);
            }

            var outcome = change(order, time.GetUtcNow());
            if (outcome == Transition.Applied)
            {
                db.AddStatusChanged(order);
                if (order.Status == OrderStatus.RefundPending)
                {
                    db.AddEvent(new RefundRequested(order.Id, order.Total, order.Currency, order.LastChange.Reason));
                }
                await db.SaveChangesAsync(ct);
            }
            return new OrderChange(order, outcome);
        }, cancellationToken);
}
