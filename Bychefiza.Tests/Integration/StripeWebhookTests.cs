using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bychefiza.Messaging.Events;
using Bychefiza.Tests.Support;
using Npgsql;

namespace Bychefiza.Tests.Integration;

/// <summary>Stripe's webhook reaches the payments service anonymously through the gateway, signed, and is applied once.</summary>
[Collection(GraphCollection.Name)]
public sealed class StripeWebhookTests(GraphFixture fixture)
{
    private const string Path = "/api/payments/webhooks/stripe";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_webhook_with_a_bad_or_missing_signature_is_refused_with_400()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var payload = Event("evt_" + Guid.NewGuid().ToString("N"), "payment_intent.succeeded", "pi_nothing");

        using var forged = await PostAsync(gateway, payload, Signature(payload, "whsec_someone_else"));
        using var unsigned = await PostAsync(gateway, payload, signature: null);
        using var stale = await PostAsync(gateway, payload, Signature(payload, TestGraph.StripeWebhookSecret, DateTimeOffset.UtcNow.AddHours(-1)));
        using var malformed = await PostAsync(gateway, payload, "t=yesterday,v1=not-hex");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task A_signed_payment_intent_succeeded_settles_a_processing_Stripe_payment_once()
    {
        await using var tap = await EventTap.StartAsync(fixture.Graph, "payments", "payment.completed");
        using var gateway = fixture.Graph.Client("gateway");
        var shopper = await Checkout.ShopperAsync(gateway);
        var (paymentId, orderId, intentId) = await ProcessingStripePaymentAsync(shopper.UserId);
        var eventId = "evt_" + Guid.NewGuid().ToString("N");
        var payload = Event(eventId, "payment_intent.succeeded", intentId);

        using var first = await PostAsync(gateway, payload, Signature(payload, TestGraph.StripeWebhookSecret));
        using var replay = await PostAsync(gateway, payload, Signature(payload, TestGraph.StripeWebhookSecret));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var completed = await tap.NextAsync<PaymentCompleted>(e => e.OrderId == orderId, "PaymentCompleted from the webhook");
        Assert.Equal((paymentId, "Stripe", intentId), (completed.PaymentId, completed.Provider, completed.ProviderReference));
        var (_, payment) = await Checkout.GetAsync<PaymentBody>(gateway, $"/api/payments/{paymentId}", shopper.AccessToken);
        Assert.Equal("Succeeded", payment!.Status);
        Assert.Equal(1L, await ScalarAsync("""SELECT count(*) FROM "ProcessedWebhookEvents" WHERE "EventId" = @p""", eventId));
        Assert.Equal(1L, await ScalarAsync("""SELECT count(*) FROM "OutboxMessages" WHERE "Payload"->>'paymentId' = @p""", paymentId.ToString()));
    }

    [Fact]
    public async Task A_signed_payment_intent_payment_failed_fails_a_processing_Stripe_payment_with_the_decline_code()
    {
        await using var tap = await EventTap.StartAsync(fixture.Graph, "payments", "payment.failed");
        using var gateway = fixture.Graph.Client("gateway");
        var shopper = await Checkout.ShopperAsync(gateway);
        var (paymentId, orderId, intentId) = await ProcessingStripePaymentAsync(shopper.UserId);
        var payload = Event("evt_" + Guid.NewGuid().ToString("N"), "payment_intent.payment_failed", intentId).Replace(
            "\"status\":\"succeeded\"",
            "\"status\":\"requires_payment_method\",\"last_payment_error\":{\"type\":\"card_error\",\"code\":\"card_declined\",\"decline_code\":\"do_not_honor\",\"message\":\"Declined.\"}",
            StringComparison.Ordinal);

        using var response = await PostAsync(gateway, payload, Signature(payload, TestGraph.StripeWebhookSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var failed = await tap.NextAsync<PaymentFailed>(e => e.OrderId == orderId, "PaymentFailed from the webhook");
        Assert.Equal((paymentId, "do_not_honor"), (failed.PaymentId, failed.Code));
        var (_, payment) = await Checkout.GetAsync<PaymentBody>(gateway, $"/api/payments/{paymentId}", shopper.AccessToken);
        Assert.Equal(("Failed", "do_not_honor"), (payment!.Status, payment.FailureCode));
    }

    /// <summary>A Stripe payment whose PaymentIntent is still processing, as a charge that settles later leaves it.</summary>
    private async Task<(Guid PaymentId, Guid OrderId, string IntentId)> ProcessingStripePaymentAsync(Guid customerId)
    {
        var (paymentId, orderId, intentId) = (Guid.NewGuid(), Guid.NewGuid(), "pi_" + Guid.NewGuid().ToString("N"));
        await using var db = await fixture.Graph.OpenDatabaseAsync("paymentdb", Cancellation);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO "Payments" ("Id", "OrderId", "CustomerId", "Amount", "Currency", "Provider", "Status", "ProviderReference", "CreatedAt", "UpdatedAt")
            VALUES (@id, @order, @customer, 25.00, 'USD', 'Stripe', 'Pending', @intent, now(), now())
            """, db);
        insert.Parameters.AddWithValue("id", paymentId);
        insert.Parameters.AddWithValue("order", orderId);
        insert.Parameters.AddWithValue("customer", customerId);
        insert.Parameters.AddWithValue("intent", intentId);
        await insert.ExecuteNonQueryAsync(Cancellation);
        return (paymentId, orderId, intentId);
    }

    private async Task<long> ScalarAsync(string sql, string parameter)
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("paymentdb", Cancellation);
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("p", parameter);
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    private static string Event(string id, string type, string intentId) => """
        {"id":"ID","object":"event","api_version":"2024-06-20","created":CREATED,"livemode":false,"pending_webhooks":1,
         "type":"TYPE","data":{"object":{"id":"INTENT","object":"payment_intent","amount":2500,"currency":"usd","status":"succeeded"}}}
        """.Replace("ID", id, StringComparison.Ordinal).Replace("CREATED", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("TYPE", type, StringComparison.Ordinal).Replace("INTENT", intentId, StringComparison.Ordinal);

    /// <summary>Stripe's scheme: <c>t={unix time},v1=hex(HMAC-SHA256(secret, "{t}.{payload}"))</c>.</summary>
    private static string Signature(string payload, string secret, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient gateway, string payload, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("Stripe-Signature", signature);
        }
        return await gateway.SendAsync(request, Cancellation);
    }
}
