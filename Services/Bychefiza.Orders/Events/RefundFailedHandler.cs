using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Orders.Data;
using Bychefiza.Orders.Model;

namespace Bychefiza.Orders.Events;

/// <summary>The provider would not refund: the order goes back to Paid and the failure is logged for an admin.</summary>
public sealed class RefundFailedHandler(OrdersDbContext db, TimeProvider time, ILogger<RefundFailedHandler> logger)
    : IEventHandler<RefundFailed>
{
    public async Task HandleAsync(RefundFailed refund, CancellationToken cancellationToken)
    {
        var order = await db.FindForUpdateAsync(refund.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"A refund failed for order {refund.OrderId}, which does not exist here.");
        var now = time.GetUtcNow();

        if (order.Status == OrderStatus.Cancelled)
        {
            order.Note($"Refunding the late payment failed: {refund.Reason}", now);
        }
        else if (order.MarkRefundRefused(refund.Reason, now) == Transition.Applied)
        {
            db.AddStatusChanged(order);
        }
        logger.LogError("The refund of order {OrderId} failed ({Code}): {Reason}", order.Id, refund.Code, refund.Reason);
    }
}
