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
