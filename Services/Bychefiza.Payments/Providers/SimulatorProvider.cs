using Bychefiza.Payments.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bychefiza.Payments.Providers;

/// <summary>
/// A provider that moves no money but behaves like one: tokens decide the outcome as Stripe's test cards
/// do, and every charge and refund is kept by idempotency key in <c>SimulatedCharges</c>. It writes
/// through a context of its own, committed apart from the caller's transaction, because a real
/// provider's charge does not roll back when the shop's transaction does.
/// </summary>
public sealed class SimulatorProvider(IServiceScopeFactory scopes, IOptions<PaymentsOptions> options, TimeProvider time, ILogger<SimulatorProvider> logger)
    : IPaymentProvider
{
    public const string ProviderName = "Simulator";

    public string Name => ProviderName;

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        await SimulateLatencyAsync(cancellationToken);
        var charge = await RecordOnceAsync(request.IdempotencyKey, now => NewCharge(request, now), cancellationToken);

        if (!charge.SameRequestAs(request.Token, request.Amount, request.Currency) || charge.Kind != SimulatedChargeKind.Charge)
        {
            // Stripe answers a reused key with other parameters with an error, never with a second charge.
            return new ChargeResult.Declined("idempotency_key_reused", "The idempotency key was used for another request.");
        }
        return charge.Status switch
        {
            SimulatedChargeStatus.Succeeded => new ChargeResult.Captured(charge.Reference),
            SimulatedChargeStatus.Declined => new ChargeResult.Declined(charge.DeclineCode!, charge.DeclineReason!),
            _ => throw new PaymentProviderUnavailableException($"The simulator had a processing error for {request.IdempotencyKey}; try again."),
        };
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        await SimulateLatencyAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var charge = await db.SimulatedCharges.AsNoTracking().SingleOrDefaultAsync(
            c => c.Reference == request.ChargeReference && c.Kind == SimulatedChargeKind.Charge, cancellationToken);

        var refund = await RecordOnceAsync(request.IdempotencyKey, now => NewRefund(request, charge, now), cancellationToken);
        if (!refund.SameRequestAs(request.ChargeReference, request.Amount, request.Currency) || refund.Kind != SimulatedChargeKind.Refund)
        {
            return new RefundResult.Refused("idempotency_key_reused", "The idempotency key was used for another request.");
        }
        return refund.Status == SimulatedChargeStatus.Succeeded
            ? new RefundResult.Refunded(refund.Reference)
            : new RefundResult.Refused(refund.DeclineCode!, refund.DeclineReason!);
    }

    /// <summary>
    /// The row of <paramref name="key"/>: created by this call, or the one an earlier call made. A
    /// processing error is kept once, so the retry with the same key finds it and succeeds.
    /// </summary>
    private async Task<SimulatedCharge> RecordOnceAsync(string key, Func<DateTimeOffset, SimulatedCharge> create, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var now = time.GetUtcNow();

        if (await db.SimulatedCharges.SingleOrDefaultAsync(c => c.IdempotencyKey == key, cancellationToken) is { } existing)
        {
            existing.Attempts++;
            existing.UpdatedAt = now;
            if (existing.Status == SimulatedChargeStatus.ProcessingError)
            {
                existing.Status = SimulatedChargeStatus.Succeeded;
            }
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Simulator replayed {Kind} {Reference} for key {Key} (attempt {Attempt})", existing.Kind, existing.Reference, key, existing.Attempts);
            return existing;
        }

        var created = create(now);
        db.SimulatedCharges.Add(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Simulator recorded {Kind} {Reference} for key {Key}: {Status}", created.Kind, created.Reference, key, created.Status);
            return created;
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another call with the same key won the insert; its answer is the answer.
            db.ChangeTracker.Clear();
            return await db.SimulatedCharges.AsNoTracking().SingleAsync(c => c.IdempotencyKey == key, cancellationToken);
        }
    }

    private static SimulatedCharge NewCharge(ChargeRequest request, DateTimeOffset now)
    {
        var behaviour = SimulatorCards.BehaviourOf(request.Token);
        return new SimulatedCharge
        {
            IdempotencyKey = request.IdempotencyKey,
            Kind = SimulatedChargeKind.Charge,
            Reference = $"ch_sim_{Guid.NewGuid():N}",
            Source = request.Token,
            Amount = request.Amount,
            Currency = request.Currency,
            Status = behaviour switch
            {
                SimulatedBehaviour.Declines => SimulatedChargeStatus.Declined,
                SimulatedBehaviour.FailsOnce => SimulatedChargeStatus.ProcessingError,
                _ => SimulatedChargeStatus.Succeeded,
            },
            DeclineCode = (behaviour as SimulatedBehaviour.Declines)?.Code,
            DeclineReason = (behaviour as SimulatedBehaviour.Declines)?.Reason,
            Attempts = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static SimulatedCharge NewRefund(RefundRequest request, SimulatedCharge? charge, DateTimeOffset now)
    {
        var (code, reason) = charge switch
        {
            null or { Status: not SimulatedChargeStatus.Succeeded } => ("charge_not_found", "No captured charge has that reference."),
            _ when !string.Equals(charge.Currency, request.Currency, StringComparison.OrdinalIgnoreCase) => ("currency_mismatch", "The refund's currency is not the charge's."),
            _ when request.Amount <= 0 || request.Amount > charge.Amount => ("amount_too_large", "The refund is more than the charge."),
            _ => ((string?)null, (string?)null),
        };
        return new SimulatedCharge
        {
            IdempotencyKey = request.IdempotencyKey,
            Kind = SimulatedChargeKind.Refund,
            Reference = $"re_sim_{Guid.NewGuid():N}",
            Source = request.ChargeReference,
            Amount = request.Amount,
            Currency = request.Currency,
            Status = code is null ? SimulatedChargeStatus.Succeeded : SimulatedChargeStatus.Declined,
            DeclineCode = code,
            DeclineReason = reason,
            Attempts = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private Task SimulateLatencyAsync(CancellationToken cancellationToken) =>
        options.Value.Simulator.Latency is { Ticks: > 0 } latency ? Task.Delay(latency, time, cancellationToken) : Task.CompletedTask;
}
