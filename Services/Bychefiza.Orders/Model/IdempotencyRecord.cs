namespace Bychefiza.Orders.Model;

/// <summary>
/// A customer's <c>Idempotency-Key</c> for placing an order (Stripe's semantics): the request it came
/// with, the order it names, and once done the answer to replay for at least 24 hours.
/// </summary>
public sealed class IdempotencyRecord
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    /// <summary>How long a request holds its key before a retry may take over (its caller gave up or crashed).</summary>
    public static readonly TimeSpan LeaseFor = TimeSpan.FromSeconds(60);

    public Guid CustomerId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of the request body as parsed; the same key with another body is refused.</summary>
    public required string RequestHash { get; init; }

    /// <summary>Chosen when the key is first used, so a retry reserves and stores the same order.</summary>
    public Guid OrderId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LeasedUntil { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool IsCompleted => CompletedAt is not null;
}
