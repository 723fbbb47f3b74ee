namespace Bychefiza.Messaging.Events;

/// <summary>The units of a product that can still be reserved changed: an admin set them, or a reservation took or returned some.</summary>
public sealed record ProductStockChanged(Guid ProductId, int Stock) : IntegrationEvent;
