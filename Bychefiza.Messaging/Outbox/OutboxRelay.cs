using System.Diagnostics;
using System.Text;
using Bychefiza.Messaging.Broker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bychefiza.Messaging.Outbox;

/// <summary>
/// Publishes the outbox of <typeparamref name="TContext"/>: woken by <see cref="OutboxSignal{TContext}"/>
/// after a commit and at every poll, it claims unsent rows, publishes them with broker confirms
/// (awaited together) and marks the confirmed ones sent. Several passes run at once (<see cref="EventBusOptions.RelayLanes"/>),
/// and replicas share the table: a claimed row is locked, and the others skip it.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    OutboxSignal<TContext> signal,
    ConfirmedPublisher publisher,
    IOptions<EventBusOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService where TContext : DbContext
{
    private const int BatchSize = 200;

    // A confirm that never comes (a broker stalled on disk, say) must not hold the claimed rows' locks forever.
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path: the first connection to the broker blocks while it retries.
        await Task.Yield();
        // Lanes claim different rows (SKIP LOCKED): while one waits for its confirms, a commit wakes another.
        // The first lane also polls; the others wait for commits only, so an idle service polls once per interval.
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.RelayLanes))
            .Select(lane => RelayAsync(lane == 0 ? options.Value.OutboxPollInterval : Timeout.InfiniteTimeSpan, stoppingToken)));
    }

    private async Task RelayAsync(TimeSpan pollInterval, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await RelayBatchAsync(stoppingToken);
                if (pass.Failure is null)
                {
                    failures = 0;
                    if (pass.Claimed == BatchSize)
                    {
                        continue; // more may be waiting
                    }
                    await signal.WaitAsync(pollInterval, stoppingToken);
                    continue;
                }
                failures++;
                logger.LogWarning("Outbox of {Context}: publishing failed ({Failures} in a row), retrying in {Delay}: {Error}",
                    typeof(TContext).Name, failures, RelayBackoff.After(failures), pass.Failure.Message);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database is unreachable, say; the rows wait where they are.
                failures++;
                logger.LogWarning(exception, "Outbox of {Context}: could not read the outbox ({Failures} in a row)", typeof(TContext).Name, failures);
            }

            try
            {
                await Task.Delay(RelayBackoff.After(failures), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed record Pass(int Claimed, Exception? Failure);

    private async Task<Pass> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();

        return await db.InTransactionAsync(async ct =>
        {
            // FOR UPDATE SKIP LOCKED: each replica claims rows no other one holds; the lock lasts until the commit.
            var batch = await db.Set<OutboxMessage>()
                .FromSql($"""SELECT * FROM "OutboxMessages" WHERE "SentAt" IS NULL ORDER BY "OccurredAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED""")
                .ToListAsync(ct);

            // Sent in order, then confirmed together: one wait for the broker per batch, not per row.
            var publishes = batch.Select(message => PublishAsync(message, ct)).ToList();
            var sent = new List<Guid>(batch.Count);
            Exception? failure = null;
            foreach (var (message, publish) in batch.Zip(publishes))
            {
                try
                {
                    await publish;
                    sent.Add(message.Id);
                }
                catch (Exception exception) when (!ct.IsCancellationRequested)
                {
                    // This row stays unsent and goes again; rows confirmed after it are sent (consumers
                    // take events in any order and once, through their inbox).
                    message.RecordFailure(exception);
                    failure ??= exception;
                }
            }

            // The confirmed rows in one statement, sent when the batch's last confirm came back; the failed
            // ones (rare) with their error, through the change tracker.
            if (sent.Count > 0)
            {
                var at = time.GetUtcNow();
                await db.Set<OutboxMessage>().Where(m => sent.Contains(m.Id))
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, at).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            }
            await db.SaveChangesAsync(ct);
            return new Pass(batch.Count, failure);
        }, cancellationToken);
    }

    private async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var activity = MessagingTelemetry.Start($"{message.Type} publish", ActivityKind.Producer, message.TraceParent, message.Type, message.Id.ToString());
        var properties = EventMessage.Properties(message.Id, message.Type, message.OccurredAt, activity?.Id ?? message.TraceParent);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConfirmTimeout);
        try
        {
            await publisher.PublishAsync(Topology.Exchange, message.Type, properties, Encoding.UTF8.GetBytes(message.Payload), timeout.Token);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
    }
}
