using Bychefiza.Messaging;
using Bychefiza.Messaging.Outbox;

namespace Microsoft.EntityFrameworkCore;

public static class OutboxExtensions
{
    /// <summary>
    /// Adds the event to the outbox of this context: it is written by the next <c>SaveChangesAsync</c>,
    /// in the same transaction as the state change it reports, and published by the relay after the commit.
    /// </summary>
    public static void AddEvent(this DbContext db, IntegrationEvent integrationEvent) =>
        db.Set<OutboxMessage>().Add(OutboxMessage.For(integrationEvent));
}
