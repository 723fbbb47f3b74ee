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
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var channel = await OpenChannelAsync(cancellationToken);
            try
            {
                // Events are not mandatory: one nobody subscribes to yet is dropped by the broker, as pub/sub intends.
                await channel.BasicPublishAsync(exchange, routingKey, mandatory, properties, body, cancellationToken);
            }
            catch
            {
                await CloseChannelAsync();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseChannelAsync();
        _gate.Dispose();
    }

    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        await CloseChannelAsync();
        // Resolved here, not in the constructor: the broker may be down when the service starts, and
        // the first resolution is what connects (with Aspire's retries), throwing if it cannot.
        var connection = await Task.Run(services.GetRequiredService<IConnection>, cancellationToken);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await Topology.DeclareExchangeAsync(channel, cancellationToken);
        _channel = channel;
        return channel;
    }

    private async Task CloseChannelAsync()
    {
        if (_channel is { } channel)
        {
            _channel = null;
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
}
