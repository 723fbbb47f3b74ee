using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Payments.Data;
using Bychefiza.Payments.Model;
using Bychefiza.Payments.Providers;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Payments.Events;

/// <summary>
/// Charges a new order's total and reports the outcome through the outbox, in the inbox's transaction.
/// A transient provider failure throws, so the bus retries with the same idempotency key.
/// </summary>
public sealed class OrderCreatedHandler(
    PaymentsDbContext db, IPaymentProvider provider, PaymentMetrics metrics, TimeProvider time, ILogger<OrderCreatedHandler> logger)
    : IEventHandler<OrderCreated>
{
    public async Task HandleAsync(OrderCreated order, CancellationToken cancellationToken)
    {
        // One payment per order, whatever runs beside this handler: the order's lock is held until the
        // transaction ends, so another event for the same order (a re-sent OrderCreated with a new id)
        // waits here, then finds the payment this one made.
        await db.LockOrderAsync(order.OrderId, cancellationToken);
        if (await db.Payments.AnyAsync(p => p.OrderId == order.OrderId, cancellationToken))
        {
            logger.LogInformation("Order {OrderId} already has a payment; OrderCreated {EventId} changes nothing", order.OrderId, order.Id);
            return;
        }

        var currency = order.Currency?.ToUpperInvariant() ?? "";
        var now = time.GetUtcNow();
        var payment = Payment.Start(order.OrderId, order.CustomerId, order.Total, currency, provider.Name, now);
        db.Payments.Add(payment);

        if (!Money.IsChargeable(order.Total, currency) || string.IsNullOrWhiteSpace(order.PaymentToken))
        {
            // Recorded as a failed payment all the same, so the customer and an admin can see why.
            payment.Currency = currency.Length > 3 ? currency[..3] : currency;
            Fail(payment, string.IsNullOrWhiteSpace(order.PaymentToken) ? "invalid_token" : "invalid_amount",
                string.IsNullOrWhiteSpace(order.PaymentToken) ? "The order carries no payment token." : "The order's total or currency cannot be charged.", now);
            return;
        }

        var result = await provider.ChargeAsync(
            new ChargeRequest(order.OrderId, order.Total, currency, order.PaymentToken, IdempotencyKeys.Charge(order.OrderId)), cancellationToken);
        now = time.GetUtcNow();
        switch (result)
        {
            case ChargeResult.Captured captured:
                payment.Succeed(captured.Reference, now);
                db.AddEvent(new PaymentCompleted(order.OrderId, payment.Id, payment.Amount, payment.Currency, payment.Provider, captured.Reference));
                metrics.Completed(payment.Provider);
                logger.LogInformation("Captured {Amount} {Currency} for order {OrderId} through {Provider}", payment.Amount, payment.Currency, order.OrderId, provider.Name);
                break;
            case ChargeResult.Processing processing:
                payment.AwaitSettlement(processing.Reference, now);
                logger.LogInformation("The charge of order {OrderId} is processing at {Provider}; its webhook finishes it", order.OrderId, provider.Name);
                break;
            case ChargeResult.Declined declined:
                Fail(payment, declined.Code, declined.Reason, now);
                break;
        }
    }

    private void Fail(Payment payment, string code, string reason, DateTimeOffset now)
    {
        payment.Fail(code, reason, now);
        db.AddEvent(new PaymentFailed(payment.OrderId, payment.Id, code, reason));
        metrics.Failed(payment.Provider, code);
        logger.LogInformation("The payment of order {OrderId} failed: {Code}", payment.OrderId, code);
    }
}
