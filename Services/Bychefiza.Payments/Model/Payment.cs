namespace Bychefiza.Payments.Model;

public enum PaymentStatus
{
    /// <summary>Created for the order; the provider has not answered for good yet.</summary>
    Pending,

    /// <summary>The provider captured the amount.</summary>
    Succeeded,

    /// <summary>The provider refused the charge for good.</summary>
    Failed,

    /// <summary>The captured amount was given back.</summary>
    Refunded,
}

/// <summary>The charge of one order's total through one provider; one per order.</summary>
public sealed class Payment
{
    public Guid Id { get; set; }

    public Guid OrderId { get; set; }

    public Guid CustomerId { get; set; }

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    /// <summary>The provider that took the charge: <c>Simulator</c>, <c>Stripe</c> or <c>PayPal</c>.</summary>
    public string Provider { get; set; } = "";

    public PaymentStatus Status { get; set; }

    /// <summary>The provider's id of the charge (a PaymentIntent, a PayPal capture, a simulated charge).</summary>
    public string? ProviderReference { get; set; }

    public string? FailureCode { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<Refund> Refunds { get; set; } = [];

    public static Payment Start(Guid orderId, Guid customerId, decimal amount, string currency, string provider, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrderId = orderId,
        CustomerId = customerId,
        Amount = amount,
        Currency = currency,
        Provider = provider,
        Status = PaymentStatus.Pending,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The provider accepted the charge but settles it later (a webhook finishes it).</summary>
    public Transition AwaitSettlement(string reference, DateTimeOffset now)
    {
        if (Status != PaymentStatus.Pending)
        {
            return Transition.Refused;
        }
        ProviderReference = reference;
        UpdatedAt = now;
        return Transition.Applied;
    }

    public Transition Succeed(string reference, DateTimeOffset now)
    {
        // A refunded payment did succeed once: a late "succeeded" report changes nothing.
        if (Status is PaymentStatus.Succeeded or PaymentStatus.Refunded)
        {
            return Transition.AlreadyDone;
        }
        if (Status != PaymentStatus.Pending)
        {
            return Transition.Refused;
        }
        Status = PaymentStatus.Succeeded;
        ProviderReference = reference;
        UpdatedAt = now;
        return Transition.Applied;
    }

    public Transition Fail(string code, string reason, DateTimeOffset now)
    {
        if (Status == PaymentStatus.Failed)
        {
            return Transition.AlreadyDone;
        }
        // Money that was captured is not "failed" after the fact: it can only be refunded.
        if (Status != PaymentStatus.Pending)
        {
            return Transition.Refused;
        }
        Status = PaymentStatus.Failed;
        FailureCode = code;
        FailureReason = reason.Length > 500 ? reason[..500] : reason;
        UpdatedAt = now;
        return Transition.Applied;
    }

    /// <summary>Records a refund the provider completed; only captured money can be given back.</summary>
    public Transition Refund(Refund refund, DateTimeOffset now)
    {
        if (Status == PaymentStatus.Refunded)
        {
            return Transition.AlreadyDone;
        }
        if (Status != PaymentStatus.Succeeded || refund.Status != RefundStatus.Succeeded)
        {
            return Transition.Refused;
        }
        Refunds.Add(refund);
        Status = PaymentStatus.Refunded;
        UpdatedAt = now;
        return Transition.Applied;
    }

    /// <summary>Keeps a refund the provider refused, so an admin sees why the money is still captured.</summary>
    public void RecordRefusedRefund(Refund refund, DateTimeOffset now)
    {
        if (refund.Status != RefundStatus.Failed)
        {
            throw new InvalidOperationException("Only a refused refund is recorded without changing the payment.");
        }
        Refunds.Add(refund);
        UpdatedAt = now;
    }

    /// <summary>The refund already completed for this payment, if any.</summary>
    public Refund? CompletedRefund => Refunds.FirstOrDefault(r => r.Status == RefundStatus.Succeeded);
}
