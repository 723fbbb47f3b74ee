using Bychefiza.Messaging.Broker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Bychefiza.Messaging.DeadLetters;

public enum ReplayOutcome
{
    Replayed,
    NotFound,

    /// <summary>The broker returned the copy: the service's queue is gone. The dead letter stays where it was.</summary>
    ServiceQueueMissing,
}

/// <summary>
/// The service's dead-letter queue, <c>{service}.dead</c>, for admins: list it without consuming it,
/// and replay messages to the service's own queue (through the default exchange, so no other
/// subscriber of the event sees it again) as a first attempt with the same message id.
/// </summary>
/// <remarks>
/// Calls are taken one at a time in this process: a listing holds the messages it reads until it
/// returns, and a replay running beside it would not find them. Replicas of one service still race
/// that way; a replay that answers 404 during another admin's listing can simply be tried again.
/// </remarks>
public sealed class DeadLetterQueue(IServiceProvider services, ConfirmedPublisher publisher, IOptions<EventBusOptions> options) : IDisposable
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    /// <summary>How deep a replay of one message looks: each message looked at is a round trip to the broker.</summary>
    public const int MaxScan = 10_000;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Service => options.Value.Service;

    private string Queue => Topology.DeadLetterQueue(Service);

    /// <summary>Up to <paramref name="limit"/> dead letters, oldest first, all left in the queue.</summary>
    public async Task<DeadLetterPage> ListAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var held = await OpenAsync(cancellationToken);
            if (held is null)
            {
                return new DeadLetterPage(0, []);
            }
            var letters = new List<DeadLetter>();
            while (letters.Count < limit && await held.TakeAsync(cancellationToken) is { } message)
            {
                letters.Add(DeadLetter.From(message));
            }
            return new DeadLetterPage(Math.Max(held.Count, letters.Count), letters);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends the dead letter with this message id back to the service's queue; the first one, should there be copies.</summary>
    public async Task<ReplayOutcome> ReplayAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var id = messageId.ToString();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var held = await OpenAsync(cancellationToken);
            for (var scanned = 0; held is not null && scanned < MaxScan && await held.TakeAsync(cancellationToken) is { } message; scanned++)
            {
                if (message.BasicProperties.MessageId == id)
                {
                    return await SendBackAsync(held, message, cancellationToken);
                }
            }
            return ReplayOutcome.NotFound;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sends up to <paramref name="limit"/> dead letters back, oldest first. It stops at the count the
    /// queue had when it began, so messages that fail again and return meanwhile are not replayed twice.
    /// </summary>
    public async Task<ReplayedDeadLetters> ReplayAllAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var held = await OpenAsync(cancellationToken);
            var replayed = new List<string?>();
            var bound = Math.Min(limit, held?.Count ?? 0);
            while (held is not null && replayed.Count < bound && await held.TakeAsync(cancellationToken) is { } message)
            {
                if (await SendBackAsync(held, message, cancellationToken) != ReplayOutcome.Replayed)
                {
                    return new ReplayedDeadLetters(replayed.Count, replayed, ServiceQueueMissing: true);
                }
                replayed.Add(message.BasicProperties.MessageId);
            }
            return new ReplayedDeadLetters(replayed.Count, replayed, ServiceQueueMissing: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<HeldMessages?> OpenAsync(CancellationToken cancellationToken)
    {
        // Resolved on use: the first resolution connects, and the broker may have been down at start-up.
        var connection = await Task.Run(services.GetRequiredService<IConnection>, cancellationToken);
        return await HeldMessages.OpenAsync(connection, Queue, cancellationToken);
    }

    private async Task<ReplayOutcome> SendBackAsync(HeldMessages held, BasicGetResult message, CancellationToken cancellationToken)
    {
        try
        {
            // Confirmed before the dead copy is removed: a crash in between leaves two copies, never
            // none, and the consumer's inbox makes the second one harmless. Mandatory, because a copy
            // sent to a queue that is gone would be confirmed and silently dropped.
            await publisher.PublishAsync("", Service, EventMessage.Replay(message.BasicProperties), message.Body, cancellationToken, mandatory: true);
        }
        catch (PublishReturnException)
        {
            return ReplayOutcome.ServiceQueueMissing;
        }
        // Not cancelled with the request: once the copy is confirmed, leaving the dead one would only make a duplicate.
        await held.RemoveAsync(message, CancellationToken.None);
        return ReplayOutcome.Replayed;
    }
}
