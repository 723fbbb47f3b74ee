using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bychefiza.Messaging.Consuming;

/// <summary>One handler of one event type in this service, as registered by <c>AddConsumer</c>.</summary>
public abstract class EventSubscription
{
    public abstract Type EventType { get; }

    /// <summary>The routing key the service's queue is bound to.</summary>
    public string EventName => EventNames.Of(EventType);

    /// <summary>The name the inbox records this handler's work under.</summary>
    public abstract string Consumer { get; }

    /// <returns>False when the inbox shows the event was applied already; true when it was applied now, or does not concern the handler.</returns>
    public abstract Task<bool> HandleOnceAsync(IServiceProvider services, IntegrationEvent integrationEvent, CancellationToken cancellationToken);
}

public sealed class EventSubscription<TEvent, THandler, TContext> : EventSubscription
    where TEvent : IntegrationEvent
    where THandler : class, IEventHandler<TEvent>
    where TContext : DbContext
{
    public override Type EventType => typeof(TEvent);

    public override string Consumer => typeof(THandler).Name;

    public override async Task<bool> HandleOnceAsync(IServiceProvider services, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var handler = services.GetRequiredService<THandler>();
        if (!handler.Wants((TEvent)integrationEvent))
        {
            return true;
        }
        var db = services.GetRequiredService<TContext>();
        var time = services.GetRequiredService<TimeProvider>();

        return await db.InTransactionAsync(async ct =>
        {
            // The inbox row is claimed before the handler runs. A delivery of the same event being handled
            // at the same time (by another replica, or beside this one) waits on the row until that
            // transaction ends: committed, this one finds it taken; rolled back, this one goes on.
            var claimed = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "InboxMessages" ("EventId", "Consumer", "Type", "ProcessedAt")
                VALUES ({integrationEvent.Id}, {Consumer}, {integrationEvent.Name}, {time.GetUtcNow()})
                ON CONFLICT DO NOTHING
                """, ct);
            if (claimed == 0)
            {
                return false;
            }

            await handler.HandleAsync((TEvent)integrationEvent, ct);
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
    }
}
