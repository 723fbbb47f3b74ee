namespace Bychefiza.Payments.Model;

/// <summary>
/// The keys every provider call carries, derived from the order alone: a retried event, a redelivered
/// duplicate or a second replica asks the provider the same question and gets the first answer back.
/// </summary>
public static class IdempotencyKeys
{
    public static string Charge(Guid orderId) => $"order-{orderId}-charge";

    public static string Refund(Guid orderId) => $"order-{orderId}-refund";
}
