namespace Bychefiza.Payments.Model;

public enum RefundStatus
{
    Succeeded,

    /// <summary>The provider refused it for good.</summary>
    Failed,
}

/// <summary>Money given back (or refused) on a captured payment.</summary>
public sealed class Refund
{
    public Guid Id { get; set; }

    public Guid PaymentId { get; set; }

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    public RefundStatus Status { get; set; }

    /// <summary>Why the refund was asked for, as the orders service or the provider's dashboard said.</summary>
    public string Reason { get; set; } = "";

    public string? ProviderReference { get; set; }

    public string? FailureCode { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static Refund Succeeded(Guid paymentId, decimal amount, string currency, string reason, string reference, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PaymentId = paymentId,
        Amount = amount,
        Currency = currency,
        Status = RefundStatus.Succeeded,
        Reason = Clip(reason),
        ProviderReference = reference,
        CreatedAt = now,
    };

    public static Refund Failed(Guid paymentId, decimal amount, string currency, string reason, string code, string failure, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PaymentId = paymentId,
        Amount = amount,
        Currency = currency,
        Status = RefundStatus.Failed,
        Reason = Clip(reason),
        FailureCode = code,
        FailureReason = Clip(failure),
        CreatedAt = now,
    };

    // Reasons come from other services and providers; the column keeps the first 500 characters.
    private static string Clip(string text) => text.Length > 500 ? text[..500] : text;
}
