using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace Bychefiza.Messaging.Broker;

/// <summary>How an event looks on the wire: a persistent JSON message whose id, type and trace travel as properties and headers.</summary>
public static class EventMessage
{
    public const string ContentType = "application/json";

    public const string TraceParentHeader = "traceparent";

    /// <summary>How many times a consumer has tried this message before (1 on first delivery).</summary>
    public const string AttemptHeader = "x-attempt";

    public const string LastErrorHeader = "x-last-error";

    /// <summary>When the consumer gave up on the message and moved it to the dead-letter queue (ISO 8601, UTC).</summary>
    public const string DeadLetteredAtHeader = "x-dead-lettered-at";

    public static BasicProperties Properties(Guid id, string type, DateTimeOffset occurredAt, string? traceParent) => new()
    {
        MessageId = id.ToString(),
        Type = type,
        ContentType = ContentType,
        DeliveryMode = DeliveryModes.Persistent,
        Timestamp = new AmqpTimestamp(occurredAt.ToUnixTimeSeconds()),
        Headers = traceParent is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { [TraceParentHeader] = traceParent },
    };

    /// <summary>A copy of a delivered message for a retry or the dead-letter queue, with its attempt count and error.</summary>
    public static BasicProperties Redelivery(IReadOnlyBasicProperties delivered, int attempt, string? lastError)
    {
        var headers = delivered.Headers is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(delivered.Headers);
        headers[AttemptHeader] = attempt;
        if (lastError is not null)
        {
            headers[LastErrorHeader] = lastError;
        }
        return new BasicProperties
        {
            MessageId = delivered.MessageId,
            Type = delivered.Type,
            ContentType = delivered.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = delivered.Timestamp,
            Headers = headers,
        };
    }

    /// <summary>A copy of a message for the dead-letter queue: its last attempt, its error and the time it was given up on.</summary>
    public static BasicProperties DeadLetter(IReadOnlyBasicProperties delivered, int attempt, string lastError, DateTimeOffset at)
    {
        var properties = Redelivery(delivered, attempt, lastError);
        properties.Headers![DeadLetteredAtHeader] = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        return properties;
    }

    /// <summary>
    /// A dead letter sent back to its consumer by an admin: a first attempt again, with the same message
    /// id (so the inbox still recognises an event already applied) and without the old failure's headers.
    /// </summary>
    public static BasicProperties Replay(IReadOnlyBasicProperties dead)
    {
        var properties = Redelivery(dead, attempt: 1, lastError: null);
        properties.Headers!.Remove(LastErrorHeader);
        properties.Headers.Remove(DeadLetteredAtHeader);
        return properties;
    }

    public static DateTimeOffset? DeadLetteredAt(IReadOnlyBasicProperties properties) =>
        DateTimeOffset.TryParse(Header(properties, DeadLetteredAtHeader), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    public static int Attempt(IReadOnlyBasicProperties properties) =>
        Header(properties, AttemptHeader) is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) && attempt > 0 ? attempt : 1;

    public static string? TraceParent(IReadOnlyBasicProperties properties) => Header(properties, TraceParentHeader);

    /// <summary>A header as text: the client hands back strings as bytes and numbers as their AMQP integer types.</summary>
    public static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                _ => null,
            }
            : null;
}
