using System.Text;
using Bychefiza.Messaging;
using Bychefiza.Messaging.Broker;
using Bychefiza.Messaging.Events;

namespace Bychefiza.Tests.Support;

/// <summary>
/// A test's own view of the event exchange: it publishes events the way a service's relay does and
/// collects those of the routing keys it listens to, so a test waits for the event about its own order.
/// </summary>
public sealed class EventTap : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly Type[] Known =
        [typeof(PaymentCompleted), typeof(PaymentFailed), typeof(RefundCompleted), typeof(RefundFailed), typeof(OrderCreated), typeof(RefundRequested)];

    private readonly Broker _broker;
    private readonly string _queue;
    private readonly List<IntegrationEvent> _seen = [];

    private EventTap(Broker broker, string queue)
    {
        _broker = broker;
        _queue = queue;
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public IReadOnlyList<IntegrationEvent> Seen => _seen;

    /// <summary>Listens to <paramref name="routingKeys"/> and waits until <paramref name="consumer"/> consumes its queue.</summary>
    public static async Task<EventTap> StartAsync(TestGraph graph, string consumer, params string[] routingKeys)
    {
        var broker = await Broker.ConnectAsync(graph, Cancellation);
        var queue = await broker.SubscribeAsync(routingKeys[0], Cancellation);
        foreach (var key in routingKeys.Skip(1))
        {
            await broker.Channel.QueueBindAsync(queue, Topology.Exchange, key, cancellationToken: Cancellation);
        }
        // Published before the consumer's queue exists, an event would be dropped unrouted.
        await Poll.UntilAsync(() => broker.ConsumersOfAsync(consumer, Cancellation), count => count >= 1, Deadline, $"{consumer} consuming");
        return new EventTap(broker, queue);
    }

    public Task PublishAsync(IntegrationEvent integrationEvent) =>
        _broker.Channel.BasicPublishAsync(
            Topology.Exchange, integrationEvent.Name, mandatory: false,
            EventMessage.Properties(integrationEvent.Id, integrationEvent.Name, integrationEvent.OccurredAt, integrationEvent.TraceParent),
            Encoding.UTF8.GetBytes(EventJson.Serialize(integrationEvent)), Cancellation).AsTask();

    /// <summary>The first event of type <typeparamref name="TEvent"/> that <paramref name="match"/> accepts, waiting for it.</summary>
    public async Task<TEvent> NextAsync<TEvent>(Func<TEvent, bool> match, string what) where TEvent : IntegrationEvent
    {
        var found = await Poll.UntilAsync(async () =>
        {
            await DrainAsync();
            return _seen.OfType<TEvent>().FirstOrDefault(match);
        }, e => e is not null, Deadline, what);
        return found!;
    }

    /// <summary>Every event collected so far that is about <paramref name="orderId"/>.</summary>
    public async Task<IReadOnlyList<IntegrationEvent>> AboutAsync(Guid orderId)
    {
        await DrainAsync();
        return [.. _seen.Where(e => OrderOf(e) == orderId)];
    }

    private async Task DrainAsync()
    {
        while (await _broker.GetAsync(_queue, Cancellation) is { } message)
        {
            var type = Known.Single(t => EventNames.Of(t) == message.BasicProperties.Type);
            _seen.Add(EventJson.Deserialize(type, message.Body.Span));
        }
    }

    private static Guid? OrderOf(IntegrationEvent e) => e switch
    {
        PaymentCompleted p => p.OrderId,
        PaymentFailed p => p.OrderId,
        RefundCompleted r => r.OrderId,
        RefundFailed r => r.OrderId,
        _ => null,
    };

    public ValueTask DisposeAsync() => _broker.DisposeAsync();
}
