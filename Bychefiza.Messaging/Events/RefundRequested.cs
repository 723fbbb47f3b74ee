namespace Bychefiza.Messaging.Events;

/// <summary>The orders service wants the order's payment given back (the whole of it).</summary>
public sealed record RefundRequested(Guid OrderId, decimal Amount, string Currency, string Reason) : IntegrationEvent;
