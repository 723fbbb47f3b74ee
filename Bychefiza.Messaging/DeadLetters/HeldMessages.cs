using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Bychefiza.Messaging.DeadLetters;

/// <summary>
/// Messages taken from a queue on a channel of their own without being acknowledged, the way the
/// management UI's "get messages (requeue)" reads a queue: whatever is not removed goes back on
/// dispose, each to its old place, so a look leaves the queue as it was.
/// </summary>
internal sealed class HeldMessages : IAsyncDisposable
{
    private readonly IChannel _channel;

    private readonly string _queue;

    private readonly List<ulong> _held = [];

    private bool _removedAny;

    private HeldMessages(IChannel channel, string queue, uint count)
    {
        _channel = channel;
        _queue = queue;
        Count = count;
    }

    /// <summary>How many messages were ready in the queue when it was opened.</summary>
    public uint Count { get; }

    /// <returns>Null when the queue does not exist: a service whose consumer never failed, or that consumes nothing.</returns>
    public static async Task<HeldMessages?> OpenAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            // Passive: looking must not create the queue, nor change its arguments.
            var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return new HeldMessages(channel, queue, declared.MessageCount);
        }
        catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            await channel.DisposeAsync();
            return null;
        }
        catch
        {
            await channel.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next message, held until it is removed or this is disposed; null when the queue has no more.</summary>
    public async Task<BasicGetResult?> TakeAsync(CancellationToken cancellationToken)
    {
        var message = await _channel.BasicGetAsync(_queue, autoAck: false, cancellationToken);
        if (message is not null)
        {
            _held.Add(message.DeliveryTag);
        }
        return message;
    }

    /// <summary>Removes a held message from the queue for good.</summary>
    public async Task RemoveAsync(BasicGetResult message, CancellationToken cancellationToken)
    {
        await _channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
        _held.Remove(message.DeliveryTag);
        _removedAny = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Returned explicitly rather than by closing the channel: the broker has them back before
            // the caller answers, so the next look sees them all.
            if (_held.Count > 0 && !_removedAny)
            {
                await _channel.BasicNackAsync(_held[^1], multiple: true, requeue: true);
            }
            else
            {
                foreach (var tag in _held)
                {
                    await _channel.BasicNackAsync(tag, multiple: false, requeue: true);
                }
            }
        }
        finally
        {
            // Should a nack fail, closing the channel still returns every unacknowledged message.
            await _channel.DisposeAsync();
        }
    }
}
