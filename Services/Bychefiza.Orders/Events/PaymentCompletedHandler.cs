using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Orders.Checkout;
using Bychefiza.Orders.Data;
using Bychefiza.Orders.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Events;

/// <summary>The order is paid; a payment that arrives after the owner cancelled is given back.</summary>
public sealed class PaymentCompletedHandler(OrdersDbContext db, OrderMetrics metrics, TimeProvider time, ILogger<PaymentCompletedHandler> logger)
    : IEventHandler<PaymentCompleted>
{
    public async Task HandleAsync(PaymentCompleted payment, CancellationToken cancellationToken)
    {
        var order = await db.FindForUpdateAsync(payment.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Payment {payment.PaymentId} is for order {payment.OrderId}, which does not exist here.");
        var now = time.GetUtcNow();

        if (order.Status == OrderStatus.Cancelled)
        {
            order.Note("The payment completed after the order was cancelled; it is being refunded.", now);
            db.AddEvent(new RefundRequested(order.Id, payment.Amount, payment.Currency, "The order was cancelled before its payment completed."));
            logger.LogWarning("Order {OrderId} was cancelled before payment {PaymentId} completed; refunding it", order.Id, payment.PaymentId);
            return;
        }
        if (payment.Amount != order.Total || payment.Currency != order.Currency)
        {
            throw new InvalidOperationException($"Payment {payment.PaymentId} of {payment.Amount} {payment.Currency} does not match order {order.Id}.");
        }

        if (order.MarkPaid(payment.PaymentId, now) == Transition.Applied)
        {
            db.AddStatusChanged(order);
            metrics.Paid(order);
            logger.LogInformation("Order {OrderId} is paid by payment {PaymentId}", order.Id, payment.PaymentId);
        }
    }
}
