using Bychefiza.Payments.Providers;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Unit;

/// <summary>The Stripe provider against a stand-in of Stripe's API on loopback.</summary>
public sealed class StripeProviderTests
{
    private const string ApiKey = "sk_test_stub";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static StripeProvider ProviderFor(HttpStub stub) =>
        new(StripeProvider.ClientFor(new StripeOptions { ApiKey = ApiKey, ApiBase = stub.BaseAddress.ToString(), MaxNetworkRetries = 0 }));

    private static ChargeRequest Charge(string token = "tok_visa", decimal amount = 12.34m, string currency = "USD")
    {
        var orderId = Guid.NewGuid();
        return new ChargeRequest(orderId, amount, currency, token, $"order-{orderId}-charge");
    }

    [Fact]
    public async Task A_charge_confirms_a_PaymentIntent_in_minor_units_with_the_token_and_the_idempotency_key()
    {
        await using var stub = await HttpStub.StartAsync(_ => new StubResponse(200,
            """{"id":"pi_123","object":"payment_intent","amount":1234,"currency":"usd","status":"succeeded"}"""));
        var request = Charge();

        var result = await ProviderFor(stub).ChargeAsync(request, Cancellation);

        Assert.Equal(new ChargeResult.Captured("pi_123"), result);
        var sent = Assert.Single(stub.Requests);
        Assert.Equal(("POST", "/v1/payment_intents"), (sent.Method, sent.Path));
        Assert.Equal(request.IdempotencyKey, sent.Header("Idempotency-Key"));
        Assert.Equal($"Bearer {ApiKey}", sent.Header("Authorization"));
        var form = Form(sent.Body);
        Assert.Equal("1234", form["amount"]);
        Assert.Equal("usd", form["currency"]);
        Assert.Equal("true", form["confirm"]);
        Assert.Equal("card", form["payment_method_data[type]"]);
        Assert.Equal("tok_visa", form["payment_method_data[card][token]"]);
        Assert.Equal(request.OrderId.ToString(), form["metadata[order_id]"]);
    }

    [Fact]
    public async Task Zero_decimal_currencies_are_sent_as_they_are()
    {
        await using var stub = await HttpStub.StartAsync(_ => new StubResponse(200,
            """{"id":"pi_jpy","object":"payment_intent","amount":1500,"currency":"jpy","status":"succeeded"}"""));

        await ProviderFor(stub).ChargeAsync(Charge(amount: 1500m, currency: "JPY"), Cancellation);

        Assert.Equal("1500", Form(Assert.Single(stub.Requests).Body)["amount"]);
    }

    [Fact]
    public async Task A_card_error_is_a_permanent_decline_with_Stripes_decline_code()
    {
        await using var stub = await HttpStub.StartAsync(_ => new StubResponse(402,
            """{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}}"""));

        var result = await ProviderFor(stub).ChargeAsync(Charge("tok_insufficientFunds"), Cancellation);

        Assert.Equal(new ChargeResult.Declined("insufficient_funds", "Your card has insufficient funds."), result);
    }

    [Theory]
    [InlineData(500, "api_error")]
    [InlineData(503, "api_error")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(401, "invalid_request_error")]
    public async Task A_server_error_rate_limit_or_bad_key_is_transient(int status, string type)
    {
        await using var stub = await HttpStub.StartAsync(_ => new StubResponse(status, $$$"""{"error":{"type":"{{{type}}}","message":"Try later."}}"""));

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => ProviderFor(stub).ChargeAsync(Charge(), Cancellation));
    }

    [Fact]
    public async Task An_unreachable_Stripe_is_transient()
    {
        var stub = await HttpStub.StartAsync(_ => new StubResponse(200, "{}"));
        var provider = ProviderFor(stub);
        await stub.DisposeAsync();

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => provider.ChargeAsync(Charge(), Cancellation));
    }

    [Fact]
    public async Task A_PaymentIntent_that_needs_3DS_is_declined_and_one_still_processing_waits_for_the_webhook()
    {
        await using var needsAction = await HttpStub.StartAsync(_ => new StubResponse(200,
            """{"id":"pi_3ds","object":"payment_intent","amount":1234,"currency":"usd","status":"requires_action"}"""));
        await using var processing = await HttpStub.StartAsync(_ => new StubResponse(200,
            """{"id":"pi_slow","object":"payment_intent","amount":1234,"currency":"usd","status":"processing"}"""));

        Assert.Equal("authentication_required", Assert.IsType<ChargeResult.Declined>(await ProviderFor(needsAction).ChargeAsync(Charge(), Cancellation)).Code);
        Assert.Equal(new ChargeResult.Processing("pi_slow"), await ProviderFor(processing).ChargeAsync(Charge(), Cancellation));
    }

    [Fact]
    public async Task A_refund_names_the_PaymentIntent_in_minor_units_with_the_idempotency_key()
    {
        await using var stub = await HttpStub.StartAsync(_ => new StubResponse(200,
            """{"id":"re_123","object":"refund","amount":1234,"currency":"usd","status":"succeeded"}"""));
        var orderId = Guid.NewGuid();

        var result = await ProviderFor(stub).RefundAsync(new RefundRequest(orderId, "pi_123", 12.34m, "USD", $"order-{orderId}-refund"), Cancellation);

        Assert.Equal(new RefundResult.Refunded("re_123"), result);
        var sent = Assert.Single(stub.Requests);
        Assert.Equal(("POST", "/v1/refunds"), (sent.Method, sent.Path));
        Assert.Equal($"order-{orderId}-refund", sent.Header("Idempotency-Key"));
        Assert.Equal("pi_123", Form(sent.Body)["payment_intent"]);
        Assert.Equal("1234", Form(sent.Body)["amount"]);
    }

    [Fact]
    public async Task A_refund_Stripe_rejects_is_refused_with_its_code()
    {
        await using var stub = await HttpStub.StartAsync(_ => new StubResponse(400,
            """{"error":{"type":"invalid_request_error","code":"charge_already_refunded","message":"Charge has already been refunded."}}"""));

        var result = await ProviderFor(stub).RefundAsync(new RefundRequest(Guid.NewGuid(), "pi_123", 1m, "USD", "order-x-refund"), Cancellation);

        Assert.Equal(new RefundResult.Refused("charge_already_refunded", "Charge has already been refunded."), result);
    }

    private static Dictionary<string, string> Form(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0].Replace('+', ' ')), pair => Uri.UnescapeDataString(pair[1].Replace('+', ' ')));
}
