using System.Net;
using Bychefiza.Messaging.Events;
using Bychefiza.Tests.Support;
using Npgsql;

namespace Bychefiza.Tests.Integration;

/// <summary>Orders are charged once through the simulator, their outcome announced, and refunds given back.</summary>
[Collection(GraphCollection.Name)]
public sealed class PaymentTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Task<EventTap> TapAsync() =>
        EventTap.StartAsync(fixture.Graph, "payments", "payment.completed", "payment.failed", "refund.completed", "refund.failed");

    [Fact]
    public async Task A_visa_token_completes_the_payment_and_the_customer_sees_it_succeeded()
    {
        await using var tap = await TapAsync();
        using var gateway = fixture.Graph.Client("gateway");
        var shopper = await Checkout.ShopperAsync(gateway);
        var order = Checkout.Order(shopper, "tok_visa", 42.50m);

        await tap.PublishAsync(order);

        var completed = await tap.NextAsync<PaymentCompleted>(e => e.OrderId == order.OrderId, "PaymentCompleted for the order");
        Assert.Equal((42.50m, "USD", "Simulator"), (completed.Amount, completed.Currency, completed.Provider));
        Assert.StartsWith("ch_sim_", completed.ProviderReference, StringComparison.Ordinal);

        var (status, page) = await Checkout.GetAsync<PaymentPageBody>(gateway, "/api/payments", shopper.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var payment = Assert.Single(page!.Items);
        Assert.Equal((completed.PaymentId, order.OrderId, "Succeeded", 42.50m), (payment.Id, payment.OrderId, payment.Status, payment.Amount));
        Assert.Equal(completed.ProviderReference, payment.ProviderReference);
        Assert.Null(payment.FailureCode);
    }

    [Theory]
    [InlineData("tok_chargeDeclined", "card_declined")]
    [InlineData("tok_insufficientFunds", "insufficient_funds")]
    public async Task A_declined_card_fails_the_payment_with_the_decline_code(string token, string code)
    {
        await using var tap = await TapAsync();
        using var gateway = fixture.Graph.Client("gateway");
        var shopper = await Checkout.ShopperAsync(gateway);
        var order = Checkout.Order(shopper, token);

        await tap.PublishAsync(order);

        var failed = await tap.NextAsync<PaymentFailed>(e => e.OrderId == order.OrderId, "PaymentFailed for the order");
        Assert.Equal(code, failed.Code);
        var (_, payment) = await Checkout.GetAsync<PaymentBody>(gateway, $"/api/payments/{failed.PaymentId}", shopper.AccessToken);
        Assert.Equal(("Failed", code), (payment!.Status, payment.FailureCode));
        Assert.DoesNotContain(await tap.AboutAsync(order.OrderId), e => e is PaymentCompleted);
    }

    [Fact]
    public async Task A_processing_error_is_retried_and_the_card_is_charged_exactly_once()
    {
        await using var tap = await TapAsync();
        using var gateway = fixture.Graph.Client("gateway");
        var shopper = await Checkout.ShopperAsync(gateway);
        var order = Checkout.Order(shopper, "tok_processingError", 19.99m);

        await tap.PublishAsync(order);

        var completed = await tap.NextAsync<PaymentCompleted>(e => e.OrderId == order.OrderId, "PaymentCompleted after a retry");
        var charges = await SimulatedChargesAsync(order.OrderId);
        var charge = Assert.Single(charges);
        Assert.Equal(("Succeeded", 19.99m, completed.ProviderReference), (charge.Status, charge.Amount, charge.Reference));
        // The first attempt failed and rolled back; the retry replayed the same key instead of charging again.
        Assert.True(charge.Attempts >= 2, $"Expected a retry, saw {charge.Attempts} attempt(s).");
        Assert.Equal(1, await PaymentRowsAsync(order.OrderId));
        Assert.DoesNotContain(await tap.AboutAsync(order.OrderId), e => e is PaymentFailed);
    }

    [Fact]
    public async Task The_same_order_announced_twice_makes_one_payment_and_one_charge()
    {
        await using var tap = await TapAsync();
        using var gateway = fixture.Graph.Client("gateway");
        var shopper = await Checkout.ShopperAsync(gateway);
        var order = Checkout.Order(shopper, "tok_visa");
        var sentAgain = order with { Id = Guid.NewGuid() };
        var later = Checkout.Order(shopper, "tok_visa");

        await tap.PublishAsync(order);
        await tap.PublishAsync(order);
        await tap.PublishAsync(sentAgain);
        await tap.PublishAsync(later);

        // Payments handles eight events at once, so the copies run beside each other: the same event's
        // second copy waits for the first's inbox row, the re-sent one for the order's lock. Once the
        // re-sent event's inbox row is committed, it and the first have both been handled.
        await tap.NextAsync<PaymentCompleted>(e => e.OrderId == later.OrderId, "the later order paid");
        await Poll.UntilAsync(() => InboxRowsAsync(sentAgain.Id), rows => rows == 1, Shop.Settles, "the re-sent event handled");
        Assert.Single(await tap.AboutAsync(order.OrderId), e => e is PaymentCompleted);
        Assert.Equal(1, await PaymentRowsAsync(order.OrderId));
        Assert.Equal(1, Assert.Single(await SimulatedChargesAsync(order.OrderId)).Attempts);
    }

    [Fact]
    public async Task A_refund_after_a_successful_payment_completes_and_shows_on_the_payment()
    {
        await using var tap = await TapAsync();
        using var gateway = fixture.Graph.Client("gateway");
        var shopper = await Checkout.ShopperAsync(gateway);
        var order = Checkout.Order(shopper, "tok_mastercard", 30m);
        await tap.PublishAsync(order);
        var paid = await tap.NextAsync<PaymentCompleted>(e => e.OrderId == order.OrderId, "PaymentCompleted for the order");

        await tap.PublishAsync(new RefundRequested(order.OrderId, 30m, "USD", "Customer returned it"));

        var refunded = await tap.NextAsync<RefundCompleted>(e => e.OrderId == order.OrderId, "RefundCompleted for the order");
        Assert.Equal((paid.PaymentId, 30m, "USD"), (refunded.PaymentId, refunded.Amount, refunded.Currency));
        Assert.StartsWith("re_sim_", refunded.ProviderReference, StringComparison.Ordinal);
        var (_, payment) = await Checkout.GetAsync<PaymentBody>(gateway, $"/api/payments/{paid.PaymentId}", shopper.AccessToken);
        Assert.Equal("Refunded", payment!.Status);
        var refund = Assert.Single(payment.Refunds);
        Assert.Equal((refunded.RefundId, "Succeeded", 30m, "Customer returned it", refunded.ProviderReference),
            (refund.Id, refund.Status, refund.Amount, refund.Reason, refund.ProviderReference));
    }

    [Fact]
    public async Task A_repeated_refund_request_answers_with_the_refund_already_made()
    {
        await using var tap = await TapAsync();
        using var gateway = fixture.Graph.Client("gateway");
        var shopper = await Checkout.ShopperAsync(gateway);
        var order = Checkout.Order(shopper, "tok_visa", 15m);
        await tap.PublishAsync(order);
        await tap.NextAsync<PaymentCompleted>(e => e.OrderId == order.OrderId, "PaymentCompleted for the order");
        await tap.PublishAsync(new RefundRequested(order.OrderId, 15m, "USD", "Cancelled"));
        var refunded = await tap.NextAsync<RefundCompleted>(e => e.OrderId == order.OrderId, "RefundCompleted for the order");

        await tap.PublishAsync(new RefundRequested(order.OrderId, 15m, "USD", "Cancelled again"));

        var again = await tap.NextAsync<RefundCompleted>(e => e.OrderId == order.OrderId && e.Id != refunded.Id, "a second RefundCompleted");
        Assert.Equal((refunded.RefundId, refunded.ProviderReference), (again.RefundId, again.ProviderReference));
        var (_, payment) = await Checkout.GetAsync<PaymentBody>(gateway, $"/api/payments/{refunded.PaymentId}", shopper.AccessToken);
        Assert.Single(payment!.Refunds);
        Assert.Equal(1L, await RefundCallsAsync(order.OrderId));
    }

    [Fact]
    public async Task A_refund_of_an_order_without_a_captured_payment_fails()
    {
        await using var tap = await TapAsync();
        using var gateway = fixture.Graph.Client("gateway");
        var shopper = await Checkout.ShopperAsync(gateway);
        var declined = Checkout.Order(shopper, "tok_chargeDeclined");
        await tap.PublishAsync(declined);
        await tap.NextAsync<PaymentFailed>(e => e.OrderId == declined.OrderId, "PaymentFailed for the order");
        var unknownOrder = Guid.NewGuid();

        await tap.PublishAsync(new RefundRequested(declined.OrderId, 42.50m, "USD", "Cancelled"));
        await tap.PublishAsync(new RefundRequested(unknownOrder, 10m, "USD", "Cancelled"));

        var refused = await tap.NextAsync<RefundFailed>(e => e.OrderId == declined.OrderId, "RefundFailed for the declined order");
        Assert.Equal("no_captured_payment", refused.Code);
        Assert.NotNull(refused.PaymentId);
        var unknown = await tap.NextAsync<RefundFailed>(e => e.OrderId == unknownOrder, "RefundFailed for an unknown order");
        Assert.Equal(("no_captured_payment", null), (unknown.Code, unknown.PaymentId));
    }

    private sealed record ChargeRow(string Status, decimal Amount, string Reference, int Attempts);

    private async Task<List<ChargeRow>> SimulatedChargesAsync(Guid orderId)
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("paymentdb", Cancellation);
        await using var command = new NpgsqlCommand(
            """SELECT "Status", "Amount", "Reference", "Attempts" FROM "SimulatedCharges" WHERE "IdempotencyKey" LIKE @prefix AND "Kind" = 'Charge'""", db);
        command.Parameters.AddWithValue("prefix", $"order-{orderId}-%");
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var rows = new List<ChargeRow>();
        while (await reader.ReadAsync(Cancellation))
        {
            rows.Add(new ChargeRow(reader.GetString(0), reader.GetDecimal(1), reader.GetString(2), reader.GetInt32(3)));
        }
        return rows;
    }

    /// <summary>How often the simulator was asked for the order's refund.</summary>
    private async Task<long> RefundCallsAsync(Guid orderId)
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("paymentdb", Cancellation);
        await using var command = new NpgsqlCommand("""SELECT coalesce(sum("Attempts"), 0) FROM "SimulatedCharges" WHERE "IdempotencyKey" = @key""", db);
        command.Parameters.AddWithValue("key", $"order-{orderId}-refund");
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    private async Task<long> InboxRowsAsync(Guid eventId)
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("paymentdb", Cancellation);
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "InboxMessages" WHERE "EventId" = @id""", db);
        command.Parameters.AddWithValue("id", eventId);
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    private async Task<long> PaymentRowsAsync(Guid orderId)
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("paymentdb", Cancellation);
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "Payments" WHERE "OrderId" = @order""", db);
        command.Parameters.AddWithValue("order", orderId);
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }
}
