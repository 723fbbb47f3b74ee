using Bychefiza.Payments.Model;

namespace Bychefiza.Tests.Unit;

public sealed class PaymentRulesTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Created.AddMinutes(1);

    private static Payment Pending() => Payment.Start(Guid.NewGuid(), Guid.NewGuid(), 12.30m, "USD", "Simulator", Created);

    private static Refund Given(Payment payment) => Refund.Succeeded(payment.Id, payment.Amount, payment.Currency, "returned", "re_1", Later);

    [Fact]
    public void A_pending_payment_succeeds_once_and_keeps_the_providers_reference()
    {
        var payment = Pending();

        Assert.Equal(Transition.Applied, payment.Succeed("ch_1", Later));
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal("ch_1", payment.ProviderReference);
        Assert.Equal(Later, payment.UpdatedAt);
        Assert.Equal(Transition.AlreadyDone, payment.Succeed("ch_1", Later.AddMinutes(1)));
        Assert.Equal(Later, payment.UpdatedAt);
    }

    [Fact]
    public void A_pending_payment_fails_with_its_code_and_a_failed_payment_never_succeeds()
    {
        var payment = Pending();

        Assert.Equal(Transition.Applied, payment.Fail("card_declined", "Your card was declined.", Later));
        Assert.Equal(("card_declined", "Your card was declined."), (payment.FailureCode, payment.FailureReason));
        Assert.Equal(Transition.AlreadyDone, payment.Fail("card_declined", "again", Later));
        Assert.Equal(Transition.Refused, payment.Succeed("ch_1", Later));
        Assert.Equal(PaymentStatus.Failed, payment.Status);
    }

    [Fact]
    public void Captured_money_cannot_fail_afterwards()
    {
        var payment = Pending();
        payment.Succeed("ch_1", Later);

        Assert.Equal(Transition.Refused, payment.Fail("card_declined", "late", Later));
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
    }

    [Fact]
    public void Only_a_captured_payment_is_refunded_and_only_once()
    {
        var pending = Pending();
        Assert.Equal(Transition.Refused, pending.Refund(Given(pending), Later));
        Assert.Empty(pending.Refunds);

        var captured = Pending();
        captured.Succeed("ch_1", Later);
        Assert.Equal(Transition.Applied, captured.Refund(Given(captured), Later));
        Assert.Equal(PaymentStatus.Refunded, captured.Status);
        Assert.Equal(Transition.AlreadyDone, captured.Refund(Given(captured), Later));
        Assert.Single(captured.Refunds);
        Assert.NotNull(captured.CompletedRefund);
        // A late "succeeded" report of a refunded payment changes nothing.
        Assert.Equal(Transition.AlreadyDone, captured.Succeed("ch_1", Later));
        Assert.Equal(PaymentStatus.Refunded, captured.Status);
    }

    [Fact]
    public void A_refused_refund_is_kept_without_changing_the_payment()
    {
        var payment = Pending();
        payment.Succeed("ch_1", Later);

        payment.RecordRefusedRefund(Refund.Failed(payment.Id, 12.30m, "USD", "returned", "charge_disputed", "Disputed.", Later), Later);

        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Null(payment.CompletedRefund);
        Assert.Equal(RefundStatus.Failed, Assert.Single(payment.Refunds).Status);
        Assert.Equal(Transition.Refused, payment.Refund(Refund.Failed(payment.Id, 1, "USD", "r", "c", "f", Later), Later));
    }

    [Theory]
    [InlineData(12.30, "USD", 1230)]
    [InlineData(0.01, "eur", 1)]
    [InlineData(1234, "JPY", 1234)]
    public void Amounts_go_to_providers_in_minor_units(decimal amount, string currency, long minor)
    {
        Assert.Equal(minor, Money.ToMinorUnits(amount, currency));
        Assert.Equal(amount, Money.FromMinorUnits(minor, currency));
    }

    [Theory]
    [InlineData(12.3, "USD", "12.30")]
    [InlineData(1234, "JPY", "1234")]
    public void PayPal_amounts_carry_the_currencys_own_decimals(decimal amount, string currency, string value) =>
        Assert.Equal(value, Money.ToDecimalString(amount, currency));

    [Theory]
    [InlineData(10, "USD", true)]
    [InlineData(0, "USD", false)]
    [InlineData(-1, "USD", false)]
    [InlineData(10.001, "USD", false)]
    [InlineData(10.5, "JPY", false)]
    [InlineData(10, "US", false)]
    [InlineData(10, "U5D", false)]
    public void Only_positive_amounts_in_a_currencys_decimals_are_charged(decimal amount, string currency, bool chargeable) =>
        Assert.Equal(chargeable, Money.IsChargeable(amount, currency));

    [Fact]
    public void Idempotency_keys_come_from_the_order_alone()
    {
        var orderId = Guid.NewGuid();

        Assert.Equal($"order-{orderId}-charge", IdempotencyKeys.Charge(orderId));
        Assert.Equal($"order-{orderId}-refund", IdempotencyKeys.Refund(orderId));
    }
}
