namespace Bychefiza.Messaging.Events;

/// <summary>
/// An order that was never placed: the request that reserved its stock died and was not retried.
/// The catalog releases whatever the order id holds (often nothing).
/// </summary>
public sealed record OrderAbandoned(Guid OrderId, Guid CustomerId) : IntegrationEvent;
