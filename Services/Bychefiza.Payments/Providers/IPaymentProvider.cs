namespace Bychefiza.Payments.Providers;

/// <summary>
/// A payment provider the shop charges through. Every call carries an idempotency key, so asking twice
/// returns the first answer instead of moving money twice. A permanent refusal is a result; a failure
/// that may pass (network, 5xx, rate limits) throws <see cref="PaymentProviderUnavailableException"/> so
/// the caller retries later with the same key.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>How payments record it: <c>Simulator</c>, <c>Stripe</c> or <c>PayPal</c>.</summary>
    string Name { get; }

    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken);

    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken);
}

/// <param name="Token">The provider's token for the buyer's payment method; never card data.</param>
public sealed record ChargeRequest(Guid OrderId, decimal Amount, string Currency, string Token, string IdempotencyKey);

/// <param name="ChargeReference">The provider's id of the captured charge being refunded.</param>
public sealed record RefundRequest(Guid OrderId, string ChargeReference, decimal Amount, string Currency, string IdempotencyKey);

public abstract record ChargeResult
{
    public sealed record Captured(string Reference) : ChargeResult;

    /// <summary>Accepted, settled later; the provider's webhook reports the end.</summary>
    public sealed record Processing(string Reference) : ChargeResult;

    /// <param name="Code">Machine-readable, e.g. <c>card_declined</c>, <c>insufficient_funds</c>.</param>
    public sealed record Declined(string Code, string Reason) : ChargeResult;
}

public abstract record RefundResult
{
    public sealed record Refunded(string Reference) : RefundResult;

    public sealed record Refused(string Code, string Reason) : RefundResult;
}

/// <summary>The provider could not answer now; the same call with the same key may succeed later.</summary>
public sealed class PaymentProviderUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
