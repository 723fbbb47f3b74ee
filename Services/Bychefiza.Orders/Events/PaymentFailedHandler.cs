using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Orders.Data;
using Bychefiza.Orders.Model;

namespace Bychefiza.Orders.Events;

/// <summary>A refused payment cancels the order; the catalog releases its stock on the status change.</summary>
public sealed class PaymentFailedHandler(OrdersDbContext db, TimeProvider time, ILogger<PaymentFailedHandler> logger)
    : IEventHandler<PaymentFailed>
{
    public async Task HandleAsync(PaymentFailed payment, CancellationToken cancellationToken)
    {
        var order = await db.FindForUpdateAsync(payment.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Payment {payment.PaymentId} is for order {payment.OrderId}, which does not exist here.");

        if (order.MarkPaymentFailed(payment.Reason, time.GetUtcNow()) == Transition.Applied)
        {
            db.AddStatusChanged(order);
            logger.LogInformation("Order {OrderId} is cancelled: payment failed ({Code})", order.Id, payment.Code);
        }
    }
}
