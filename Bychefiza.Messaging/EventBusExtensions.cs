using Bychefiza.Messaging;
using Bychefiza.Messaging.Broker;
using Bychefiza.Messaging.DeadLetters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class EventBusExtensions
{
    /// <summary>
    /// Connects the service to RabbitMQ (the AppHost resource <paramref name="connectionName"/>) for
    /// integration events; chain <c>AddOutbox</c> and <c>AddConsumer</c> for what it publishes and consumes.
    /// </summary>
    /// <param name="service">The service's name, which names its queues (<c>orders</c>, <c>orders.dead</c>).</param>
    public static EventBusBuilder AddEventBus(
        this IHostApplicationBuilder builder, string service, Action<EventBusOptions>? configure = null, string connectionName = "rabbitmq")
    {
        // Connect on first use rather than at start-up: the service keeps taking writes while the broker
        // is down, and the relay publishes its outbox once the broker is back.
        builder.AddRabbitMQClient(connectionName, settings => settings.DisableAutoActivation = true);
        builder.Services.Configure<EventBusOptions>(options =>
        {
            options.Service = service;
            configure?.Invoke(options);
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ConfirmedPublisher>();
        builder.Services.TryAddSingleton<DeadLetterQueue>();
        return new EventBusBuilder(builder);
    }
}
