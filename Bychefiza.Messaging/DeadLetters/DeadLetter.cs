using System.Text.Json;
using Bychefiza.Messaging.Broker;
using RabbitMQ.Client;

namespace Bychefiza.Messaging.DeadLetters;

/// <summary>A message the service's consumer gave up on, as an admin sees it before replaying it.</summary>
/// <param name="MessageId">The event's id (the broker's message id); replay takes it.</param>
/// <param name="Type">The routing key, e.g. <c>order.created</c>.</param>
/// <param name="Attempts">How many times the consumer tried it.</param>
/// <param name="LastError">The last failure's exception type and message.</param>
/// <param name="DeadLetteredAt">When it went to the dead-letter queue; null for messages dead-lettered before this was recorded.</param>
/// <param name="OccurredAt">When the event happened, from its body (or the message's timestamp, to the second).</param>
/// <param name="Body">The event's JSON with credential-like fields redacted (see <see cref="DeadLetterBody"/>).</param>
public sealed record DeadLetter(
    string? MessageId, string? Type, int Attempts, string? LastError, DateTimeOffset? DeadLetteredAt, DateTimeOffset? OccurredAt, JsonElement Body)
{
    internal static DeadLetter From(BasicGetResult message)
    {
        var properties = message.BasicProperties;
        var body = DeadLetterBody.Read(message.Body.Span);
        var occurredAt = DeadLetterBody.OccurredAt(body)
            ?? (properties.IsTimestampPresent() ? DateTimeOffset.FromUnixTimeSeconds(properties.Timestamp.UnixTime) : null);
        return new DeadLetter(
            properties.MessageId,
            properties.Type ?? message.RoutingKey,
            EventMessage.Attempt(properties),
            EventMessage.Header(properties, EventMessage.LastErrorHeader),
            EventMessage.DeadLetteredAt(properties),
            occurredAt,
            body);
    }
}

/// <summary>What one listing saw: up to the requested number of dead letters, oldest first, and how many wait in all.</summary>
public sealed record DeadLetterPage(long Total, IReadOnlyList<DeadLetter> Items);

/// <summary>What a bulk replay sent back to the service's queue, in order; it stops early when the service's queue is gone.</summary>
public sealed record ReplayedDeadLetters(int Count, IReadOnlyList<string?> MessageIds, bool ServiceQueueMissing);
