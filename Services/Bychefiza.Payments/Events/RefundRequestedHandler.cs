using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Payments.Data;
using Bychefiza.Payments.Model;
using Bychefiza.Payments.Providers;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Payments.Events;

/// <summary>Gives an order's captured payment back through the provider it was taken with, and reports the outcome.</summary>
public sealed class RefundRequestedHandler(PaymentsDbContext db, IPaymentProvider provider, TimeProvider time, ILogger<RefundRequestedHandler> logger)
    : IEventHandler<RefundRequested>
{
    public async Task HandleAsync(RefundRequested request, CancellationToken cancellationToken)
    {
        // Refunds and payments of one order take turns (see OrderCreatedHandler).
        await db.LockOrderAsync(request.OrderId, cancellationToken);
        var payment = await db.Payments.Include(p => p.Refunds).SingleOrDefaultAsync(p => p.OrderId == request.OrderId, cancellationToken);
        var now = time.GetUtcNow();

        if (payment?.CompletedRefund is { } done)
        {
            // Asked again (a re-sent request): the answer is the refund already made.
            db.AddEvent(new RefundCompleted(payment.OrderId, payment.Id, done.Id, done.Amount, done.Currency, done.ProviderReference ?? ""));
            return;
        }
        if (payment is not { Status: PaymentStatus.Succeeded, ProviderReference: { } reference })
        {
            db.AddEvent(new RefundFailed(request.OrderId, payment?.Id, "no_captured_payment", "The order has no captured payment to refund."));
            logger.LogWarning("Refund of order {OrderId} refused: no captured payment", request.OrderId);
            return;
        }
        if (payment.Provider != provider.Name)
        {
            // Taken with another provider than the one configured now: only that provider can give it back.
            throw new InvalidOperationException($"The payment of order {request.OrderId} was taken with {payment.Provider}, not {provider.Name}.");
        }
        var currency = request.Currency?.ToUpperInvariant() ?? "";
        if (currency != payment.Currency || request.Amount <= 0 || request.Amount > payment.Amount)
        {
            Refuse(payment, request, "amount_mismatch", $"A refund of {request.Amount} {currency} does not fit a payment of {payment.Amount} {payment.Currency}.", now);
            return;
        }

        var result = await provider.RefundAsync(
            new RefundRequest(request.OrderId, reference, request.Amount, currency, IdempotencyKeys.Refund(request.OrderId)), cancellationToken);
        now = time.GetUtcNow();
        switch (result)
        {
            case RefundResult.Refunded refunded:
                var refund = Model.Refund.Succeeded(payment.Id, request.Amount, currency, request.Reason, refunded.Reference, now);
                payment.Refund(refund, now);
                db.AddEvent(new RefundCompleted(payment.OrderId, payment.Id, refund.Id, refund.Amount, refund.Currency, refunded.Reference));
                logger.LogInformation("Refunded {Amount} {Currency} of order {OrderId}", refund.Amount, refund.Currency, request.OrderId);
                break;
            case RefundResult.Refused refused:
                Refuse(payment, request, refused.Code, refused.Reason, now);
                break;
        }
    }

    private void Refuse(Payment payment, RefundRequested request, string code, string reason, DateTimeOffset now)
    {
        payment.RecordRefusedRefund(Model.Refund.Failed(payment.Id, Math.Max(request.Amount, 0), payment.Currency, request.Reason, code, reason, now), now);
        db.AddEvent(new RefundFailed(payment.OrderId, payment.Id, code, reason));
        logger.LogWarning("Refund of order {OrderId} refused: {Code}", payment.OrderId, code);
    }
}
