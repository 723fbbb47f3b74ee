namespace Bychefiza.Messaging.Events;

/// <summary>The provider captured the order's total.</summary>
public sealed record PaymentCompleted(
    Guid OrderId, Guid PaymentId, decimal Amount, string Currency, string Provider, string ProviderReference) : IntegrationEvent;
