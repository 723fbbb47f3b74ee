using RabbitMQ.Client;

namespace Bychefiza.Messaging.Broker;

/// <summary>
/// What the services agree on at the broker: one durable topic exchange for every event; per consumer
/// service a durable queue, one retry queue per delay, and a dead-letter queue.
/// </summary>
public static class Topology
{
    public const string Exchange = "bychefiza";

    public static string RetryQueue(string service, TimeSpan delay) => $"{service}.retry.{(long)delay.TotalMilliseconds}ms";

    public static string DeadLetterQueue(string service) => $"{service}.dead";

    public static Task DeclareExchangeAsync(IChannel channel, CancellationToken cancellationToken) =>
        channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);

    /// <summary>
    /// A consumer service's own queue (durable, no arguments), bound to the exchange for its routing keys.
    /// Its consumer declares it, and so does every publisher (<see cref="Subscribers"/>): the same
    /// declaration twice changes nothing.
    /// </summary>
    public static async Task DeclareServiceQueueAsync(IChannel channel, string service, IEnumerable<string> routingKeys, CancellationToken cancellationToken)
    {
        await channel.QueueDeclareAsync(service, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var routingKey in routingKeys.Distinct())
        {
            await channel.QueueBindAsync(service, Exchange, routingKey, cancellationToken: cancellationToken);
        }
    }

    public static async Task DeclareConsumerQueuesAsync(
        IChannel channel, string service, IEnumerable<string> routingKeys, IEnumerable<TimeSpan> retryDelays, CancellationToken cancellationToken)
    {
        await DeclareExchangeAsync(channel, cancellationToken);
        await DeclareServiceQueueAsync(channel, service, routingKeys, cancellationToken);

        // A queue per delay, because the broker expires messages only at the head of a queue: one queue
        // of mixed delays would hold a 1 s retry behind a 60 s one. Expired messages go back to the
        // service's own queue through the default exchange, not to every subscriber of the event.
        foreach (var delay in retryDelays.Distinct())
        {
            await channel.QueueDeclareAsync(RetryQueue(service, delay), durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?>
                {
                    ["x-message-ttl"] = (long)delay.TotalMilliseconds,
                    ["x-dead-letter-exchange"] = "",
                    ["x-dead-letter-routing-key"] = service,
                },
                cancellationToken: cancellationToken);
        }

        await channel.QueueDeclareAsync(DeadLetterQueue(service), durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
    }
}
