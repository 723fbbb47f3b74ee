using Bychefiza.Messaging.Events;
using Bychefiza.Orders.Data;
using Bychefiza.Orders.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bychefiza.Orders.Checkout;

/// <summary>The <c>Orders:IdempotencyKeys</c> section.</summary>
public sealed class IdempotencyKeyOptions
{
    public const string Section = "Orders:IdempotencyKeys";

    /// <summary>How long after its lease ran out an unfinished key counts as abandoned and its stock is released.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Gives back the stock of requests that died between reserving and storing their order (and were
/// not retried), and forgets completed keys once their replay window has passed.
/// </summary>
public sealed class IdempotencyKeySweeper(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<IdempotencyKeyOptions> options, ILogger<IdempotencyKeySweeper> logger) : BackgroundService
{
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; a database outage must not stop the sweeper for good.
                logger.LogWarning(exception, "Sweeping idempotency keys failed");
            }
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        var now = time.GetUtcNow();

        var abandoned = await db.IdempotencyKeys.AsNoTracking()
            .Where(k => k.CompletedAt == null && k.LeasedUntil < now - options.Value.AbandonedAfter)
            .OrderBy(k => k.LeasedUntil).Take(Batch)
            .ToListAsync(cancellationToken);
        foreach (var key in abandoned)
        {
            await AbandonAsync(db, key, cancellationToken);
        }

        var forgotten = await db.IdempotencyKeys
            .Where(k => k.CompletedAt != null && k.CompletedAt < now - IdempotencyRecord.KeptFor)
            .ExecuteDeleteAsync(cancellationToken);
        if (forgotten > 0)
        {
            logger.LogInformation("Forgot {Count} idempotency keys older than {KeptFor}", forgotten, IdempotencyRecord.KeptFor);
        }
    }

    private async Task AbandonAsync(OrdersDbContext db, IdempotencyRecord key, CancellationToken cancellationToken)
    {
        var released = await db.InTransactionAsync(async ct =>
        {
            // Only if no retry took the key over meanwhile: the lease it holds is the one we saw.
            var deleted = await db.IdempotencyKeys
                .Where(k => k.CustomerId == key.CustomerId && k.Key == key.Key && k.LeasedUntil == key.LeasedUntil && k.CompletedAt == null)
                .ExecuteDeleteAsync(ct);
            if (deleted == 0)
            {
                return false;
            }
            db.AddEvent(new OrderAbandoned(key.OrderId, key.CustomerId));
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
        if (released)
        {
            logger.LogWarning("The request for order {OrderId} of customer {CustomerId} was abandoned; its stock is being released", key.OrderId, key.CustomerId);
        }
    }
}
