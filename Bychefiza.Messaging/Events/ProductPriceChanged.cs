namespace Bychefiza.Messaging.Events;

/// <summary>A product's list price changed (promotions are not in it: they change what a shopper pays, not the price).</summary>
public sealed record ProductPriceChanged(Guid ProductId, decimal OldPrice, decimal NewPrice, string Currency) : IntegrationEvent;
