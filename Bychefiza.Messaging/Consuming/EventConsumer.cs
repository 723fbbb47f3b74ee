using System.Diagnostics;
using Bychefiza.Messaging.Broker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Bychefiza.Messaging.Consuming;

/// <summary>
/// Consumes the service's queue: each message is handed to every subscription of its type, and
/// acknowledged only after their transactions committed. A failure sends a copy to the retry queue of
/// the next delay (or, after the last attempt, to the dead-letter queue) before the original is acknowledged.
/// </summary>
public sealed class EventConsumer(
    IServiceProvider services,
    IEnumerable<EventSubscription> subscriptions,
    ConfirmedPublisher publisher,
    IOptions<EventBusOptions> options,
    TimeProvider time,
    ILogger<EventConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan CheckChannelEvery = TimeSpan.FromSeconds(5);

    private readonly ILookup<string, EventSubscription> _subscriptions = subscriptions.ToLookup(s => s.EventName);

    private string Service => options.Value.Service;

    private RetrySchedule Retries => options.Value.Retries;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failures = 0;
        IConnection? connection = null;
        IChannel? channel = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // The connection recovers from a broker restart with its channels and consumers; a channel
                // the broker closed alone (a protocol error) does not, so it is opened again here.
                if (channel is { IsOpen: true } || (channel is not null && connection is { IsOpen: false }))
                {
                    await Task.Delay(CheckChannelEvery, stoppingToken);
                    continue;
                }
                try
                {
                    if (channel is not null)
                    {
                        await channel.DisposeAsync();
                    }
                    connection = await Task.Run(services.GetRequiredService<IConnection>, stoppingToken);
                    channel = await StartConsumingAsync(connection, stoppingToken);
                    failures = 0;
                    logger.LogInformation("Consuming queue {Queue} for {Events}", Service, string.Join(", ", _subscriptions.Select(s => s.Key)));
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    channel = null;
                    failures++;
                    logger.LogWarning(exception, "Could not start consuming queue {Queue} ({Failures} in a row)", Service, failures);
                    await Task.Delay(RelayBackoff.After(failures), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }
        }
    }

    private async Task<IChannel> StartConsumingAsync(IConnection connection, CancellationToken cancellationToken)
    {
        // EventBusOptions.Concurrency handlers at once (each in its own scope and transaction); one by default.
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false,
                consumerDispatchConcurrency: options.Value.Concurrency), cancellationToken);
        await Topology.DeclareConsumerQueuesAsync(channel, Service, _subscriptions.Select(s => s.Key), Retries.Delays, cancellationToken);
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: options.Value.Prefetch, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(channel, delivery);
        await channel.BasicConsumeAsync(Service, autoAck: false, consumer, cancellationToken);
        return channel;
    }

    private async Task OnReceivedAsync(IChannel channel, BasicDeliverEventArgs delivery)
    {
        var properties = delivery.BasicProperties;
        var attempt = EventMessage.Attempt(properties);
        var type = properties.Type ?? delivery.RoutingKey;
        using var activity = MessagingTelemetry.Start($"{type} process", ActivityKind.Consumer, EventMessage.TraceParent(properties), type, properties.MessageId ?? "");
        try
        {
            await DispatchAsync(type, delivery, delivery.CancellationToken);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        }
        catch (Exception exception) when (!delivery.CancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            await RetryLaterAsync(channel, delivery, attempt, exception);
        }
    }

    private async Task DispatchAsync(string type, BasicDeliverEventArgs delivery, CancellationToken cancellationToken)
    {
        var handlers = _subscriptions[type].ToList();
        if (handlers.Count == 0)
        {
            throw new InvalidOperationException($"No handler in {Service} for events of type '{type}'.");
        }

        // Parsed before any handler runs: a body that does not parse fails the same way on every attempt.
        var integrationEvent = EventJson.Deserialize(handlers[0].EventType, delivery.Body.Span);
        foreach (var subscription in handlers)
        {
            await using var scope = services.CreateAsyncScope();
            if (!await subscription.HandleOnceAsync(scope.ServiceProvider, integrationEvent, cancellationToken))
            {
                logger.LogInformation("{Consumer} already applied event {EventId}; acknowledged without effect", subscription.Consumer, integrationEvent.Id);
            }
        }
    }

    private async Task RetryLaterAsync(IChannel channel, BasicDeliverEventArgs delivery, int attempt, Exception exception)
    {
        var error = $"{exception.GetType().Name}: {exception.Message}";
        var (queue, copy) = Retries.After(attempt) switch
        {
            RetryDecision.Retry retry => (Topology.RetryQueue(Service, retry.Delay), EventMessage.Redelivery(delivery.BasicProperties, retry.NextAttempt, error)),
            _ => (Topology.DeadLetterQueue(Service), EventMessage.DeadLetter(delivery.BasicProperties, attempt, error, time.GetUtcNow())),
        };
        try
        {
            // The copy is confirmed before the original is acknowledged: a crash in between leaves two
            // copies, never none, and the inbox keeps the duplicate harmless.
            await publisher.PublishAsync("", queue, copy, delivery.Body, CancellationToken.None);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (queue == Topology.DeadLetterQueue(Service))
            {
                logger.LogError(exception, "Event {MessageId} ({Type}) failed {Attempts} times and went to {Queue}",
                    delivery.BasicProperties.MessageId, delivery.BasicProperties.Type, attempt, queue);
            }
            else
            {
                logger.LogWarning(exception, "Event {MessageId} ({Type}) failed attempt {Attempt}; retrying through {Queue}",
                    delivery.BasicProperties.MessageId, delivery.BasicProperties.Type, attempt, queue);
            }
        }
        catch (Exception publishFailure)
        {
            // The broker stays the message's keeper: back in the queue, delivered again.
            logger.LogWarning(publishFailure, "Could not schedule a retry of event {MessageId}; returning it to {Queue}", delivery.BasicProperties.MessageId, Service);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
        }
    }
}
