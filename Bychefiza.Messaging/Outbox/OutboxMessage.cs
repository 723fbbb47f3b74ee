namespace Bychefiza.Messaging.Outbox;

/// <summary>
/// An event waiting in the publisher's database until the relay has it confirmed by the broker.
/// A row is never deleted by the relay: a failure only counts an attempt and keeps the last error.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxErrorLength = 2000;

    private OutboxMessage(Guid id, string type, string payload, DateTimeOffset occurredAt, string? traceParent)
    {
        Id = id;
        Type = type;
        Payload = payload;
        OccurredAt = occurredAt;
        TraceParent = traceParent;
    }

    /// <summary>The event's id, which becomes the message id.</summary>
    public Guid Id { get; private set; }

    /// <summary>The event's name, which becomes the routing key and the message type.</summary>
    public string Type { get; private set; }

    /// <summary>The event as JSON (a <c>jsonb</c> column).</summary>
    public string Payload { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public string? TraceParent { get; private set; }

    /// <summary>When the broker confirmed the message (the relay's batch of it); null while it waits. Set by the relay in one statement per batch.</summary>
    public DateTimeOffset? SentAt { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public static OutboxMessage For(IntegrationEvent integrationEvent) => new(
        integrationEvent.Id, integrationEvent.Name, EventJson.Serialize(integrationEvent), integrationEvent.OccurredAt, integrationEvent.TraceParent);

    /// <summary>Keeps the exception's type and message only: a stack trace has no place in a table an operator reads.</summary>
    public void RecordFailure(Exception exception)
    {
        Attempts++;
        var error = $"{exception.GetType().Name}: {exception.Message}";
        LastError = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
    }
}
