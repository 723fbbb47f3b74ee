using Bychefiza.Messaging.Broker;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Bychefiza.Tests.Support;

/// <summary>The test graph's RabbitMQ, seen the way an operator or a new subscriber would.</summary>
public sealed class Broker : IAsyncDisposable
{
    private Broker(IConnection connection, IChannel channel)
    {
        Connection = connection;
        Channel = channel;
    }

    public IConnection Connection { get; }

    public IChannel Channel { get; }

    public static async Task<Broker> ConnectAsync(TestGraph graph, CancellationToken cancellationToken)
    {
        var connectionString = await graph.App.GetConnectionStringAsync("rabbitmq", cancellationToken);
        var connection = await new ConnectionFactory { Uri = new Uri(connectionString!) }.CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return new Broker(connection, channel);
    }

    /// <summary>A queue of this test's own, bound to the events exchange, gone when the connection closes.</summary>
    public async Task<string> SubscribeAsync(string routingKey, CancellationToken cancellationToken)
    {
        await Topology.DeclareExchangeAsync(Channel, cancellationToken);
        var queue = await Channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken);
        await Channel.QueueBindAsync(queue.QueueName, Topology.Exchange, routingKey, cancellationToken: cancellationToken);
        return queue.QueueName;
    }

    public Task<BasicGetResult?> GetAsync(string queue, CancellationToken cancellationToken) =>
        Channel.BasicGetAsync(queue, autoAck: true, cancellationToken);

    /// <summary>How many consumers read <paramref name="queue"/>; 0 while it does not exist.</summary>
    public async Task<uint> ConsumersOfAsync(string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes its channel, so each look gets a channel of its own.
        await using var channel = await Connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).ConsumerCount;
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }
    }

    /// <summary>How many messages wait in <paramref name="queue"/>, without touching them; 0 while it does not exist.</summary>
    public async Task<uint> MessagesInAsync(string queue, CancellationToken cancellationToken)
    {
        await using var channel = await Connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
