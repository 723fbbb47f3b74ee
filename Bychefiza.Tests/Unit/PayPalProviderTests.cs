using System.Text;
using System.Text.Json;
using Bychefiza.Payments.Providers;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Unit;

/// <summary>The PayPal provider against a stand-in of PayPal's REST API on loopback.</summary>
public sealed class PayPalProviderTests
{
    private const string ClientId = "client-stub";
    private const string ClientSecret = "secret-stub";
    private const string AccessToken = "A21-stub-token";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>PayPal as it answers: a token, then captures and refunds chosen by the order id.</summary>
    private static StubResponse PayPal(RecordedRequest request) => request.Path switch
    {
        "/v1/oauth2/token" => new(200, $$"""{"access_token":"{{AccessToken}}","token_type":"Bearer","expires_in":32400}"""),
        "/v2/checkout/orders/ORDER-OK/capture" => new(201, """
            {"id":"ORDER-OK","status":"COMPLETED","purchase_units":[{"payments":{"captures":[
              {"id":"CAPTURE-1","status":"COMPLETED","amount":{"currency_code":"USD","value":"12.30"}}]}}]}
            """),
        "/v2/checkout/orders/ORDER-DECLINED/capture" => new(422, """
            {"name":"UNPROCESSABLE_ENTITY","details":[{"issue":"INSTRUMENT_DECLINED","description":"The instrument presented was declined."}]}
            """),
        "/v2/checkout/orders/ORDER-DOWN/capture" => new(503, """{"name":"SERVICE_UNAVAILABLE"}"""),
        "/v2/payments/captures/CAPTURE-1/refund" => new(201, """{"id":"REFUND-1","status":"COMPLETED"}"""),
        _ => new(404, """{"name":"RESOURCE_NOT_FOUND","details":[{"issue":"INVALID_RESOURCE_ID"}]}"""),
    };

    private static PayPalProvider ProviderFor(HttpStub stub) =>
        new(new HttpClient(), new PayPalOptions { ClientId = ClientId, ClientSecret = ClientSecret, BaseUrl = stub.BaseAddress.ToString() }, TimeProvider.System);

    private static ChargeRequest Charge(string token) => new(Guid.NewGuid(), 12.30m, "USD", token, $"order-{Guid.NewGuid()}-charge");

    [Fact]
    public async Task A_capture_of_the_approved_order_carries_the_request_id_and_a_cached_client_credentials_token()
    {
        await using var stub = await HttpStub.StartAsync(PayPal);
        var provider = ProviderFor(stub);
        var first = Charge("ORDER-OK");
        var second = Charge("ORDER-OK");

        Assert.Equal(new ChargeResult.Captured("CAPTURE-1"), await provider.ChargeAsync(first, Cancellation));
        await provider.ChargeAsync(second, Cancellation);

        var tokenRequest = Assert.Single(stub.Requests, r => r.Path == "/v1/oauth2/token");
        Assert.Equal($"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"))}", tokenRequest.Header("Authorization"));
        Assert.Equal("grant_type=client_credentials", tokenRequest.Body);
        var captures = stub.Requests.Where(r => r.Path.EndsWith("/capture", StringComparison.Ordinal)).ToList();
        Assert.Equal([first.IdempotencyKey, second.IdempotencyKey], captures.Select(c => c.Header("PayPal-Request-Id")));
        Assert.All(captures, c => Assert.Equal($"Bearer {AccessToken}", c.Header("Authorization")));
        Assert.All(captures, c => Assert.Equal("POST", c.Method));
    }

    [Fact]
    public async Task An_instrument_declined_answer_is_a_permanent_decline()
    {
        await using var stub = await HttpStub.StartAsync(PayPal);

        var result = await ProviderFor(stub).ChargeAsync(Charge("ORDER-DECLINED"), Cancellation);

        Assert.Equal(new ChargeResult.Declined("instrument_declined", "The instrument presented was declined."), result);
    }

    [Fact]
    public async Task An_unknown_order_is_a_permanent_decline()
    {
        await using var stub = await HttpStub.StartAsync(PayPal);

        Assert.Equal("invalid_resource_id", Assert.IsType<ChargeResult.Declined>(await ProviderFor(stub).ChargeAsync(Charge("ORDER-GONE"), Cancellation)).Code);
    }

    [Fact]
    public async Task A_server_error_is_transient()
    {
        await using var stub = await HttpStub.StartAsync(PayPal);

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => ProviderFor(stub).ChargeAsync(Charge("ORDER-DOWN"), Cancellation));
    }

    [Fact]
    public async Task A_timeout_is_transient()
    {
        var release = new TaskCompletionSource();
        await using var stub = await HttpStub.StartAsync(request =>
        {
            if (request.Path.EndsWith("/capture", StringComparison.Ordinal))
            {
                release.Task.Wait(TimeSpan.FromSeconds(30));
            }
            return PayPal(request);
        });
        var provider = new PayPalProvider(new HttpClient(),
            new PayPalOptions { ClientId = ClientId, ClientSecret = ClientSecret, BaseUrl = stub.BaseAddress.ToString(), Timeout = TimeSpan.FromMilliseconds(200) },
            TimeProvider.System);

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => provider.ChargeAsync(Charge("ORDER-OK"), Cancellation));
        release.SetResult();
    }

    [Fact]
    public async Task Refused_credentials_are_transient_and_name_the_setting()
    {
        await using var stub = await HttpStub.StartAsync(_ => new StubResponse(401, """{"error":"invalid_client"}"""));

        var failure = await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => ProviderFor(stub).ChargeAsync(Charge("ORDER-OK"), Cancellation));
        Assert.Contains("Payments:PayPal", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refund_of_the_capture_carries_the_amount_in_PayPals_form_and_the_request_id()
    {
        await using var stub = await HttpStub.StartAsync(PayPal);
        var orderId = Guid.NewGuid();

        var result = await ProviderFor(stub).RefundAsync(new RefundRequest(orderId, "CAPTURE-1", 12.3m, "USD", $"order-{orderId}-refund"), Cancellation);

        Assert.Equal(new RefundResult.Refunded("REFUND-1"), result);
        var refund = Assert.Single(stub.Requests, r => r.Path == "/v2/payments/captures/CAPTURE-1/refund");
        Assert.Equal($"order-{orderId}-refund", refund.Header("PayPal-Request-Id"));
        var amount = JsonDocument.Parse(refund.Body).RootElement.GetProperty("amount");
        Assert.Equal(("12.30", "USD"), (amount.GetProperty("value").GetString(), amount.GetProperty("currency_code").GetString()));
    }
}
