using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Bychefiza.Messaging;

/// <summary>What a service publishes (its outbox) and consumes (its handlers), as returned by <c>AddEventBus</c>.</summary>
public sealed class EventBusBuilder(IHostApplicationBuilder builder)
{
    public IHostApplicationBuilder Builder { get; } = builder;

    /// <summary>
    /// Publishes the events added with <c>db.AddEvent(...)</c> to <typeparamref name="TContext"/>; its
    /// model must call <c>AddOutbox()</c> and its migrations create the table.
    /// </summary>
    public EventBusBuilder AddOutbox<TContext>() where TContext : DbContext
    {
        Builder.Services.TryAddSingleton<OutboxSignal<TContext>>();
        Builder.Services.ConfigureDbContext<TContext>((services, options) => options.AddInterceptors(services.GetRequiredService<OutboxSignal<TContext>>()));
        Builder.Services.AddHostedService<OutboxRelay<TContext>>();
        return this;
    }

    /// <summary>
    /// Binds the service's queue to <typeparamref name="TEvent"/> and applies each one with
    /// <typeparamref name="THandler"/>, once, recording it in the inbox of <typeparamref name="TContext"/>
    /// (whose model must call <c>AddInbox()</c>).
    /// </summary>
    public EventBusBuilder AddConsumer<TEvent, THandler, TContext>()
        where TEvent : IntegrationEvent
        where THandler : class, IEventHandler<TEvent>
        where TContext : DbContext
    {
        Builder.Services.TryAddScoped<THandler>();
        Builder.Services.AddSingleton<EventSubscription, EventSubscription<TEvent, THandler, TContext>>();
        Builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventConsumer>());
        Builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, QueueDepths>());
        return this;
    }
}
