namespace Bychefiza.Messaging.Events;

/// <summary>
/// The provider refused the charge for good (a transient failure is retried, not reported):
/// <paramref name="Code"/> is machine-readable (<c>card_declined</c>, <c>insufficient_funds</c>, …),
/// <paramref name="Reason"/> is for people.
/// </summary>
public sealed record PaymentFailed(Guid OrderId, Guid PaymentId, string Code, string Reason) : IntegrationEvent;
