namespace Bychefiza.Messaging.Events;

/// <summary>The provider refused a refund for good; an admin has to look at the order.</summary>
public sealed record RefundFailed(Guid OrderId, Guid? PaymentId, string Code, string Reason) : IntegrationEvent;
