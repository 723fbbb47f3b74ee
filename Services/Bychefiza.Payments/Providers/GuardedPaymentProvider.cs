using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Bychefiza.Payments.Providers;

/// <summary>
/// Every call to the provider under a time limit and a circuit breaker. Calls carry idempotency keys,
/// so one cut short is safe to ask again: it becomes <see cref="PaymentProviderUnavailableException"/>
/// and the bus retries the event later with the same key, which gets the provider's first answer.
/// While the breaker is open, calls fail at once instead of each waiting out the limit: a provider in
/// trouble is not kept busy, and payments' consumer moves on rather than queueing behind it.
/// Declines are answers, not failures: they never open the breaker.
/// </summary>
public sealed class GuardedPaymentProvider : IPaymentProvider
{
    private readonly IPaymentProvider _inner;
    private readonly ProviderCallOptions _options;
    private readonly ResiliencePipeline _pipeline;

    public GuardedPaymentProvider(IPaymentProvider inner, ProviderCallOptions options, TimeProvider time)
    {
        _inner = inner;
        _options = options;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<PaymentProviderUnavailableException>().Handle<TimeoutRejectedException>(),
            })
            .AddTimeout(options.Timeout)
            .Build();
    }

    public string Name => _inner.Name;

    /// <summary>The provider <c>Payments:Provider</c> chose.</summary>
    public IPaymentProvider Inner => _inner;

    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) =>
        CallAsync(token => _inner.ChargeAsync(request, token), cancellationToken);

    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) =>
        CallAsync(token => _inner.RefundAsync(request, token), cancellationToken);

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token => await call(token), cancellationToken);
        }
        catch (TimeoutRejectedException exception)
        {
            throw new PaymentProviderUnavailableException($"{Name} did not answer within {_options.Timeout.TotalSeconds:0.#} s.", exception);
        }
        catch (BrokenCircuitException exception)
        {
            throw new PaymentProviderUnavailableException($"{Name} has been failing; calls to it are paused for {_options.BreakDuration.TotalSeconds:0.#} s.", exception);
        }
    }
}
