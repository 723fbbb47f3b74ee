using Bychefiza.Messaging.Events;
using Bychefiza.Payments.Data;
using Bychefiza.Payments.Events;
using Bychefiza.Payments.Model;
using Bychefiza.Payments.Providers;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Stripe;

namespace Bychefiza.Payments.Webhooks;

/// <summary>
/// Applies a verified Stripe event to the payment it names, once: the event id is recorded in the same
/// transaction as the change and the events it publishes, so Stripe's redeliveries do nothing.
/// </summary>
public sealed class StripeWebhookEvents(PaymentsDbContext db, PaymentMetrics metrics, TimeProvider time, ILogger<StripeWebhookEvents> logger)
{
    /// <returns>False when the event had been applied already.</returns>
    public async Task<bool> ApplyAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        try
        {
            return await db.InTransactionAsync(async ct =>
            {
                if (await db.ProcessedWebhookEvents.AnyAsync(e => e.Provider == StripeProvider.ProviderName && e.EventId == stripeEvent.Id, ct))
                {
                    return false;
                }
                var now = time.GetUtcNow();
                db.ProcessedWebhookEvents.Add(new ProcessedWebhookEvent
                {
                    Provider = StripeProvider.ProviderName, EventId = stripeEvent.Id, Type = stripeEvent.Type, ReceivedAt = now,
                });
                await (stripeEvent.Data.Object switch
                {
                    PaymentIntent intent when stripeEvent.Type == EventTypes.PaymentIntentSucceeded => SucceededAsync(intent, now, ct),
                    PaymentIntent intent when stripeEvent.Type == EventTypes.PaymentIntentPaymentFailed => FailedAsync(intent, now, ct),
                    Charge charge when stripeEvent.Type == EventTypes.ChargeRefunded => RefundedAsync(charge, now, ct),
                    _ => Task.CompletedTask,
                });
                await db.SaveChangesAsync(ct);
                return true;
            }, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same event delivered twice at once: the other delivery applied it.
            return false;
        }
    }

    private async Task SucceededAsync(PaymentIntent intent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await PaymentOfAsync(intent.Id, cancellationToken) is { } payment && payment.Succeed(intent.Id, now) == Transition.Applied)
        {
            db.AddEvent(new PaymentCompleted(payment.OrderId, payment.Id, payment.Amount, payment.Currency, payment.Provider, intent.Id));
            metrics.Completed(payment.Provider);
            logger.LogInformation("Stripe settled the payment of order {OrderId}", payment.OrderId);
        }
    }

    private async Task FailedAsync(PaymentIntent intent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var code = intent.LastPaymentError?.DeclineCode ?? intent.LastPaymentError?.Code ?? "payment_failed";
        var reason = intent.LastPaymentError?.Message ?? "Stripe reported the payment failed.";
        if (await PaymentOfAsync(intent.Id, cancellationToken) is { } payment && payment.Fail(code, reason, now) == Transition.Applied)
        {
            db.AddEvent(new PaymentFailed(payment.OrderId, payment.Id, code, reason));
            metrics.Failed(payment.Provider, code);
            logger.LogInformation("Stripe failed the payment of order {OrderId}: {Code}", payment.OrderId, code);
        }
    }

    /// <summary>A refund made in Stripe's dashboard, or the confirmation of one this service asked for.</summary>
    private async Task RefundedAsync(Charge charge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (charge.PaymentIntentId is null || await PaymentOfAsync(charge.PaymentIntentId, cancellationToken) is not { } payment)
        {
            return;
        }
        var reference = charge.Refunds?.Data?.FirstOrDefault()?.Id ?? charge.Id;
        var amount = Model.Money.FromMinorUnits(charge.AmountRefunded, payment.Currency);
        var refund = Model.Refund.Succeeded(payment.Id, amount, payment.Currency, "Refunded in Stripe", reference, now);
        if (payment.Refund(refund, now) == Transition.Applied)
        {
            db.AddEvent(new RefundCompleted(payment.OrderId, payment.Id, refund.Id, refund.Amount, refund.Currency, reference));
            logger.LogInformation("Stripe reported the payment of order {OrderId} refunded", payment.OrderId);
        }
    }

    private Task<Payment?> PaymentOfAsync(string intentId, CancellationToken cancellationToken) =>
        db.Payments.Include(p => p.Refunds)
            .SingleOrDefaultAsync(p => p.Provider == StripeProvider.ProviderName && p.ProviderReference == intentId, cancellationToken);
}
