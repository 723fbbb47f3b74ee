using Bychefiza.Payments.Providers;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Bychefiza.Tests.Unit;

/// <summary>A slow or failing payment provider is cut short and then left alone for a while; a decline is just an answer.</summary>
public sealed class GuardedPaymentProviderTests
{
    private static readonly ChargeRequest Charge = new(Guid.NewGuid(), 10m, "USD", "tok_visa", "order-x-charge");

    private static readonly ProviderCallOptions Options = new()
    {
        Timeout = TimeSpan.FromSeconds(5), FailureRatio = 0.5, MinimumThroughput = 2,
        SamplingDuration = TimeSpan.FromSeconds(30), BreakDuration = TimeSpan.FromSeconds(15),
    };

    /// <summary>A provider (Stripe, PayPal) as the guard sees it: answers from a script, and counts the calls that reached it.</summary>
    private sealed class ScriptedProvider(Func<CancellationToken, Task<ChargeResult>> answer) : IPaymentProvider
    {
        public int Calls { get; private set; }

        public string Name => "Scripted";

        public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            return answer(cancellationToken);
        }

        public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) =>
            Task.FromResult<RefundResult>(new RefundResult.Refunded("re_1"));
    }

    [Fact]
    public async Task A_call_slower_than_the_limit_is_cancelled_and_reported_unavailable_so_the_bus_retries_it()
    {
        var cancelled = false;
        var provider = new ScriptedProvider(async token =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), token);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
            return new ChargeResult.Captured("ch_late");
        });
        var guarded = new GuardedPaymentProvider(provider, new ProviderCallOptions { Timeout = TimeSpan.FromMilliseconds(200) }, TimeProvider.System);

        var failure = await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => guarded.ChargeAsync(Charge, TestContext.Current.CancellationToken));

        Assert.True(cancelled, "the provider's call was left running");
        Assert.Contains("did not answer within 0.2 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_calls_open_the_breaker_then_calls_fail_at_once_until_one_is_let_through_after_the_break()
    {
        var time = new FakeTimeProvider();
        var failing = true;
        var provider = new ScriptedProvider(_ => failing
            ? throw new PaymentProviderUnavailableException("503 from the provider")
            : Task.FromResult<ChargeResult>(new ChargeResult.Captured("ch_1")));
        var guarded = new GuardedPaymentProvider(provider, Options, time);
        var cancellation = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => guarded.ChargeAsync(Charge, cancellation));
        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => guarded.ChargeAsync(Charge, cancellation));
        var whileOpen = await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => guarded.ChargeAsync(Charge, cancellation));
        var callsWhileOpen = provider.Calls;
        failing = false;
        time.Advance(Options.BreakDuration + TimeSpan.FromSeconds(1));
        var afterBreak = await guarded.ChargeAsync(Charge, cancellation);

        Assert.IsType<BrokenCircuitException>(whileOpen.InnerException);
        Assert.Equal(2, callsWhileOpen);
        Assert.Equal(new ChargeResult.Captured("ch_1"), afterBreak);
        Assert.Equal(3, provider.Calls);
    }

    [Fact]
    public async Task Declines_are_answers_and_never_open_the_breaker()
    {
        var provider = new ScriptedProvider(_ => Task.FromResult<ChargeResult>(new ChargeResult.Declined("card_declined", "Declined")));
        var guarded = new GuardedPaymentProvider(provider, Options, new FakeTimeProvider());

        for (var i = 0; i < 10; i++)
        {
            Assert.IsType<ChargeResult.Declined>(await guarded.ChargeAsync(Charge, TestContext.Current.CancellationToken));
        }

        Assert.Equal(10, provider.Calls);
    }
}
