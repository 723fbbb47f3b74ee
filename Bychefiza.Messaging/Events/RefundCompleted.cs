namespace Bychefiza.Messaging.Events;

/// <summary>The provider returned the money of a <see cref="RefundRequested"/>.</summary>
public sealed record RefundCompleted(
    Guid OrderId, Guid PaymentId, Guid RefundId, decimal Amount, string Currency, string ProviderReference) : IntegrationEvent;
