namespace Bychefiza.Messaging.Consuming;

/// <summary>
/// Applies one kind of event to the service's own database. It runs in a scope and a transaction of
/// its own, with the inbox row for this event; its changes to the scoped DbContext are saved with that
/// row (it need not call <c>SaveChangesAsync</c>). Throwing rolls it all back and schedules a retry.
/// </summary>
public interface IEventHandler<in TEvent> where TEvent : IntegrationEvent
{
    /// <summary>
    /// Whether the event concerns this handler at all. One that does not (an order status it does not
    /// act on, say) is acknowledged without a transaction or an inbox row: there is nothing to apply twice.
    /// </summary>
    bool Wants(TEvent integrationEvent) => true;

    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}
