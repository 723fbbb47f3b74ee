namespace Bychefiza.Payments.Providers;

public enum SimulatedChargeKind
{
    Charge,
    Refund,
}

public enum SimulatedChargeStatus
{
    Succeeded,
    Declined,

    /// <summary>Failed transiently; the next call with the same key succeeds.</summary>
    ProcessingError,
}

/// <summary>
/// The simulator's own record of a charge or refund, keyed by idempotency key like Stripe's: a replayed
/// key returns this row's answer instead of moving money again.
/// </summary>
public sealed class SimulatedCharge
{
    public string IdempotencyKey { get; set; } = "";

    public SimulatedChargeKind Kind { get; set; }

    /// <summary><c>ch_sim_…</c> for a charge, <c>re_sim_…</c> for a refund.</summary>
    public string Reference { get; set; } = "";

    /// <summary>The token charged, or the charge a refund gives back; never card data.</summary>
    public string Source { get; set; } = "";

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    public SimulatedChargeStatus Status { get; set; }

    public string? DeclineCode { get; set; }

    public string? DeclineReason { get; set; }

    /// <summary>Calls made with this key: the first and every replay.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool SameRequestAs(string source, decimal amount, string currency) =>
        Source == source && Amount == amount && string.Equals(Currency, currency, StringComparison.OrdinalIgnoreCase);
}
