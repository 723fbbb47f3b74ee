using Bychefiza.Messaging.Events;
using RabbitMQ.Client;

namespace Bychefiza.Messaging.Broker;

/// <summary>
/// Which service's queue takes which events, for the whole shop. Each consumer binds its own queue when
/// it starts; every publisher also declares these queues and bindings when it opens its channel. So an
/// event raised before its subscriber first ran waits in the subscriber's queue instead of being dropped
/// by the broker as unroutable: on a fresh install auth seeds the first admin, and publishes its
/// <see cref="UserRegistered"/>, while users may still be starting.
/// </summary>
public static class Subscribers
{
    /// <summary>Queue (the consuming service's name) → the events it takes. A test holds it to each service's handlers.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Type>> Queues = new Dictionary<string, IReadOnlyList<Type>>
    {
        ["auth"] = [typeof(UserDeleted)],
        ["users"] = [typeof(UserRegistered), typeof(OrderStatusChanged)],
        ["products"] = [typeof(OrderStatusChanged), typeof(OrderAbandoned)],
        ["orders"] = [typeof(PaymentCompleted), typeof(PaymentFailed), typeof(RefundCompleted), typeof(RefundFailed), typeof(UserDeleted)],
        ["payments"] = [typeof(OrderCreated), typeof(RefundRequested)],
    };

    /// <summary>Every subscriber's queue and bindings, as its consumer declares them.</summary>
    public static async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        foreach (var (queue, events) in Queues)
        {
            await Topology.DeclareServiceQueueAsync(channel, queue, events.Select(EventNames.Of), cancellationToken);
        }
    }
}
