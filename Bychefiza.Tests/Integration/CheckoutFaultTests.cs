using System.Net.Http.Json;
using System.Text;
using Bychefiza.Messaging.Broker;
using Bychefiza.Tests.Support;
using Npgsql;

namespace Bychefiza.Tests.Integration;

/// <summary>Checkout loses nothing and charges nothing twice when the broker or a service goes away mid-flow.</summary>
[Collection(GraphCollection.Name)]
public sealed class CheckoutFaultTests(GraphFixture fixture)
{
    private static readonly TimeSpan Recovers = TimeSpan.FromMinutes(3);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private TestGraph Graph => fixture.Graph;

    [Fact]
    public async Task Orders_placed_while_RabbitMQ_is_stopped_all_get_paid_once_it_is_back()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 100);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        var orders = new List<Guid>();
        orders.AddRange(await PlaceAsync(gateway, tokens.AccessToken, product, count: 10));
        await using (await Shop.StopAsync(Graph, "rabbitmq"))
        {
            orders.AddRange(await PlaceAsync(gateway, tokens.AccessToken, product, count: 40));
        }

        await AllPaidOnceAsync(gateway, tokens.AccessToken, orders);
        await StockSoldAsync(productDb, product, orders, remaining: 50);
    }

    [Fact]
    public async Task Orders_placed_while_payments_is_stopped_all_get_paid_once_it_is_back()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 30);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        var orders = new List<Guid>();
        orders.AddRange(await PlaceAsync(gateway, tokens.AccessToken, product, count: 10));
        await using (await Shop.StopAsync(Graph, "payments"))
        {
            orders.AddRange(await PlaceAsync(gateway, tokens.AccessToken, product, count: 10));
        }

        await AllPaidOnceAsync(gateway, tokens.AccessToken, orders);
        await StockSoldAsync(productDb, product, orders, remaining: 10);
    }

    [Fact]
    public async Task A_pending_order_cancelled_while_payments_is_down_is_refunded_when_its_payment_completes_late()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 3);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        PlacedOrderResponse placed;
        await using (await Shop.StopAsync(Graph, "payments"))
        {
            placed = await Shop.OrderAsync(gateway, tokens.AccessToken, "tok_visa", (product, 2));
            using var cancel = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/orders/{placed.Id}/cancel", tokens.AccessToken);
            Assert.Equal("Cancelled", (await cancel.Content.ReadFromJsonAsync<OrderResponse>(Cancellation))!.Status);
            Assert.Equal(3, await Poll.UntilAsync(() => TestProducts.StockAsync(productDb, product), s => s == 3, Shop.Settles, "stock released"));
        }

        // Payments charges the order it missed, and orders gives the money back.
        var order = await Poll.UntilAsync(() => Shop.GetAsync(gateway, tokens.AccessToken, placed.Id),
            o => o!.History.Any(h => h.Reason.StartsWith("The late payment was refunded", StringComparison.Ordinal)), Recovers, "the late payment refunded");
        var payment = Assert.Single(await PaymentsOfAsync(gateway, tokens.AccessToken, placed.Id));
        Assert.Equal("Cancelled", order!.Status);
        Assert.Equal("Refunded", payment.GetProperty("status").GetString());
        Assert.Equal(3, await TestProducts.StockAsync(productDb, product));
    }

    [Fact]
    public async Task Events_delivered_twice_take_effect_once()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        await using var orderDb = await Graph.OpenDatabaseAsync("orderdb", Cancellation);
        await using var paymentDb = await Graph.OpenDatabaseAsync("paymentdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 5);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var placed = await Shop.OrderAsync(gateway, tokens.AccessToken, "tok_visa", (product, 1));
        var paid = await Shop.UntilStatusAsync(gateway, tokens.AccessToken, placed.Id, "Paid");
        await StockSoldAsync(productDb, product, [placed.Id], remaining: 4);

        await using var broker = await Broker.ConnectAsync(Graph, Cancellation);
        var orderEvents = await OutboxAsync(orderDb, placed.Id);
        var paymentEvents = await OutboxAsync(paymentDb, placed.Id);
        foreach (var message in orderEvents.Concat(paymentEvents))
        {
            await RepublishAsync(broker, message);
        }
        // A marker published last on the same route: once payments has handled it, it has seen the copies before it.
        var later = await Shop.OrderAsync(gateway, tokens.AccessToken, "tok_visa", (product, 1));
        await Shop.UntilStatusAsync(gateway, tokens.AccessToken, later.Id, "Paid");

        Assert.Contains(orderEvents, m => m.Type == "order.created");
        Assert.Contains(paymentEvents, m => m.Type == "payment.completed");
        Assert.Single(await PaymentsOfAsync(gateway, tokens.AccessToken, placed.Id));
        Assert.Equal(1, await ChargesAsync(paymentDb, placed.Id));
        var after = await Shop.GetAsync(gateway, tokens.AccessToken, placed.Id);
        Assert.Equal(paid!.History.Count, after!.History.Count);
        Assert.Equal(3, await TestProducts.StockAsync(productDb, product));
    }

    private static async Task<List<Guid>> PlaceAsync(HttpClient gateway, string accessToken, Guid product, int count)
    {
        var placed = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            placed.Add((await Shop.OrderAsync(gateway, accessToken, "tok_visa", (product, 1))).Id);
        }
        return placed;
    }

    private async Task AllPaidOnceAsync(HttpClient gateway, string accessToken, IReadOnlyList<Guid> orders)
    {
        foreach (var id in orders)
        {
            var order = await Poll.UntilAsync(() => Shop.GetAsync(gateway, accessToken, id), o => o is not null && o.Status != "Pending", Recovers, $"order {id} settled");
            Assert.Equal("Paid", order!.Status);
        }
        await using var paymentDb = await Graph.OpenDatabaseAsync("paymentdb", Cancellation);
        foreach (var id in orders)
        {
            Assert.Equal(1, await ChargesAsync(paymentDb, id));
            Assert.Single(await PaymentsOfAsync(gateway, accessToken, id));
        }
    }

    private static async Task StockSoldAsync(NpgsqlConnection productDb, Guid product, IReadOnlyList<Guid> orders, int remaining)
    {
        foreach (var id in orders)
        {
            await Poll.UntilAsync(() => CheckoutTests.ReservationStatusAsync(productDb, id), s => s == "Committed", Shop.Settles, $"stock of order {id} sold");
        }
        Assert.Equal(remaining, await TestProducts.StockAsync(productDb, product));
    }

    /// <summary>The simulator's successful charges for the order: one, however often it was asked.</summary>
    private static async Task<long> ChargesAsync(NpgsqlConnection paymentDb, Guid orderId)
    {
        await using var select = new NpgsqlCommand(
            """SELECT count(*) FROM "SimulatedCharges" WHERE "Kind" = 'Charge' AND "Status" = 'Succeeded' AND "IdempotencyKey" LIKE @key""", paymentDb);
        select.Parameters.AddWithValue("key", $"order-{orderId}-%");
        return (long)(await select.ExecuteScalarAsync(Cancellation))!;
    }

    private static async Task<List<System.Text.Json.JsonElement>> PaymentsOfAsync(HttpClient gateway, string accessToken, Guid orderId)
    {
        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/payments?pageSize=100", accessToken);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Cancellation);
        return [.. page.GetProperty("items").EnumerateArray().Where(p => p.GetProperty("orderId").GetGuid() == orderId)];
    }

    private sealed record OutboxRow(Guid Id, string Type, string Payload, DateTimeOffset OccurredAt, string? TraceParent);

    /// <summary>The events a service published about the order, exactly as they went out.</summary>
    private static async Task<List<OutboxRow>> OutboxAsync(NpgsqlConnection db, Guid orderId)
    {
        await using var select = new NpgsqlCommand(
            """SELECT "Id", "Type", "Payload"::text, "OccurredAt", "TraceParent" FROM "OutboxMessages" WHERE "Payload"->>'orderId' = @order ORDER BY "OccurredAt" """, db);
        select.Parameters.AddWithValue("order", orderId.ToString());
        await using var reader = await select.ExecuteReaderAsync(Cancellation);
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync(Cancellation))
        {
            rows.Add(new OutboxRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return rows;
    }

    private static Task RepublishAsync(Broker broker, OutboxRow message) =>
        broker.Channel.BasicPublishAsync(
            Topology.Exchange, message.Type, mandatory: false,
            EventMessage.Properties(message.Id, message.Type, message.OccurredAt, message.TraceParent),
            Encoding.UTF8.GetBytes(message.Payload), Cancellation).AsTask();
}
