namespace Bychefiza.Payments.Providers;

/// <summary>The <c>Payments</c> section.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary><c>Simulator</c> (the default), <c>Stripe</c> or <c>PayPal</c>.</summary>
    public string Provider { get; set; } = SimulatorProvider.ProviderName;

    public SimulatorOptions Simulator { get; set; } = new();

    public StripeOptions Stripe { get; set; } = new();

    public PayPalOptions PayPal { get; set; } = new();

    /// <summary>The time limit and circuit breaker around every provider call (<see cref="GuardedPaymentProvider"/>).</summary>
    public ProviderCallOptions Calls { get; set; } = new();
}

public sealed class ProviderCallOptions
{
    /// <summary>Longer than a provider's own retries take (Stripe's SDK, PayPal's 30 s client timeout) in the normal case.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>The share of failed or timed-out calls in <see cref="SamplingDuration"/> that opens the breaker.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in <see cref="SamplingDuration"/> before the ratio counts: a single failure never opens it.</summary>
    public int MinimumThroughput { get; set; } = 5;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long calls fail at once before one is let through to try the provider again.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class SimulatorOptions
{
    /// <summary>How long each simulated provider call takes, to make a slow provider visible.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;
}

public sealed class StripeOptions
{
    /// <summary>The secret key (<c>sk_test_…</c> or <c>sk_live_…</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The endpoint's signing secret (<c>whsec_…</c>); the webhook route exists only when it is set.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Another API base than Stripe's own, for a local stand-in.</summary>
    public string? ApiBase { get; set; }

    /// <summary>Retries Stripe.net makes itself on network errors, 409, 429 and 5xx, with the same idempotency key.</summary>
    public int MaxNetworkRetries { get; set; } = 2;

    /// <summary>How old a signed webhook may be before it is refused as a replay.</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class PayPalOptions
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The REST API's base address (PayPal's sandbox or live API); required, so no run talks to the wrong one.</summary>
    public string? BaseUrl { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
