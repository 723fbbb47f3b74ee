namespace Bychefiza.Messaging.Inbox;

/// <summary>
/// One event applied by one handler, written in the same transaction as the handler's effect:
/// a redelivered event finds its row and is acknowledged without being applied again.
/// </summary>
public sealed class InboxMessage(Guid eventId, string consumer, string type, DateTimeOffset processedAt)
{
    public Guid EventId { get; private set; } = eventId;

    /// <summary>The handler's name: two handlers of one event in one service each apply it once.</summary>
    public string Consumer { get; private set; } = consumer;

    public string Type { get; private set; } = type;

    public DateTimeOffset ProcessedAt { get; private set; } = processedAt;
}
