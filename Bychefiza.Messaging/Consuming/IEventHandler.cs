namespace Bychefiza.Messaging.Consuming;

/// <summary>
/// Applies one kind of event to the service's own database. It runs in a scope and a transaction of
/// its own, with the inbox row for this event; its changes to the scoped DbContext are saved with that
/// row (it need not call <c>SaveChangesAsync</c>). Throwing rolls it all back and schedules a retry.
/// </summary>
public interface IEventHandler<in TEvent> where TEvent : IntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}
