using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Orders.Data;
using Bychefiza.Orders.Model;

namespace Bychefiza.Orders.Events;

/// <summary>The money is back: the order ends Refunded (and the catalog takes its stock back).</summary>
public sealed class RefundCompletedHandler(OrdersDbContext db, TimeProvider time, ILogger<RefundCompletedHandler> logger)
    : IEventHandler<RefundCompleted>
{
    public async Task HandleAsync(RefundCompleted refund, CancellationToken cancellationToken)
    {
        var order = await db.FindForUpdateAsync(refund.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Refund {refund.RefundId} is for order {refund.OrderId}, which does not exist here.");
        var now = time.GetUtcNow();

        switch (order.MarkRefunded(now))
        {
            case Transition.Applied:
                db.AddStatusChanged(order);
                logger.LogInformation("Order {OrderId} is refunded ({Amount} {Currency})", order.Id, refund.Amount, refund.Currency);
                break;
            case Transition.Refused when order.Status == OrderStatus.Cancelled:
                // The refund of a payment that completed after the order was cancelled.
                order.Note($"The late payment was refunded ({refund.Amount} {refund.Currency}).", now);
                break;
            case Transition.Refused:
                throw new InvalidOperationException($"Order {order.Id} is {order.Status}; a refund cannot complete it.");
        }
    }
}
