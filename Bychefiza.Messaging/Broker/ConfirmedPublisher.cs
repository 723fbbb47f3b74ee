using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Bychefiza.Messaging.Broker;

/// <summary>
/// Publishes on one channel with publisher confirms: <see cref="PublishAsync"/> returns once the broker
/// has taken the message and throws when it refuses it or cannot be reached. A broken channel is
/// replaced on the next call; the connection itself recovers on its own (the client's automatic recovery).
/// </summary>
public sealed class ConfirmedPublisher(IServiceProvider services) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    private IChannel? _channel;

    /// <param name="mandatory">
    /// True when the message must reach a queue: the broker then returns it when none is bound and this
    /// throws <see cref="RabbitMQ.Client.Exceptions.PublishReturnException"/> instead of confirming.
    /// </param>
    public async Task PublishAsync(
        string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken, bool mandatory = false)
    {
        // Only opening the channel is serialised: publishes share the open channel, so many can wait for
        // their confirms at once instead of one round trip to the broker after another.
        var channel = _channel is { IsOpen: true } open ? open : await OpenChannelAsync(cancellationToken);
        try
        {
            // Events are not mandatory: one nobody subscribes to (a feed's, like ProductStockChanged) is
            // dropped by the broker, as pub/sub intends. The shop's subscribers' queues exist by now (Subscribers).
            await channel.BasicPublishAsync(exchange, routingKey, mandatory, properties, body, cancellationToken);
        }
        catch when (!channel.IsOpen)
        {
            // Other publishes share the channel: it is replaced only once it is broken, not for a
            // returned message or a confirm that timed out.
            await CloseChannelAsync(channel);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseChannelAsync(_channel);
        _gate.Dispose();
    }

    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } open)
            {
                return open; // another caller opened it meanwhile
            }

            await CloseChannelAsync(_channel);
            // Resolved here, not in the constructor: the broker may be down when the service starts, and
            // the first resolution is what connects (with Aspire's retries), throwing if it cannot.
            var connection = await Task.Run(services.GetRequiredService<IConnection>, cancellationToken);
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            await Topology.DeclareExchangeAsync(channel, cancellationToken);
            await Subscribers.DeclareAsync(channel, cancellationToken);
            _channel = channel;
            return channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops <paramref name="channel"/> if it is still the current one; the next publish opens a new one.</summary>
    private async Task CloseChannelAsync(IChannel? channel)
    {
        if (channel is null || Interlocked.CompareExchange(ref _channel, null, channel) != channel)
        {
            return;
        }
        try
        {
            await channel.DisposeAsync();
        }
        catch (Exception)
        {
            // Closing a channel the broker already dropped can fail too; the next call opens a new one.
        }
    }
}
