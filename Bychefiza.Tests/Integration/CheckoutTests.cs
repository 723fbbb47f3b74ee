using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>Placing, paying, cancelling and reading orders through the gateway, with the real catalog and payments.</summary>
[Collection(GraphCollection.Name)]
public sealed class CheckoutTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private TestGraph Graph => fixture.Graph;

    [Fact]
    public async Task A_paid_order_sells_its_stock_and_records_every_status()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 5, price: 12.50m);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        var placed = await Shop.OrderAsync(gateway, tokens.AccessToken, "tok_visa", (product, 2));
        var stockWhilePending = await TestProducts.StockAsync(productDb, product);
        var paid = await Shop.UntilStatusAsync(gateway, tokens.AccessToken, placed.Id, "Paid");

        Assert.Equal("Pending", placed.Status);
        Assert.Equal(25.00m, placed.Total);
        Assert.Equal("USD", placed.Currency);
        Assert.Equal(3, stockWhilePending);
        var line = Assert.Single(paid!.Items);
        Assert.Equal((product, 2, 12.50m, 25.00m), (line.ProductId, line.Quantity, line.UnitPrice, line.LineTotal));
        Assert.NotNull(paid.PaymentId);
        Assert.Equal(["Pending", "Paid"], paid.History.Select(h => h.To));
        Assert.Equal("Committed", await Poll.UntilAsync(() => ReservationStatusAsync(productDb, placed.Id), s => s == "Committed", Shop.Settles, "stock sold"));
        Assert.Equal(3, await TestProducts.StockAsync(productDb, product));
    }

    [Fact]
    public async Task A_declined_card_cancels_the_order_and_releases_its_stock()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 4);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        var placed = await Shop.OrderAsync(gateway, tokens.AccessToken, "tok_chargeDeclined", (product, 3));
        var cancelled = await Shop.UntilStatusAsync(gateway, tokens.AccessToken, placed.Id, "Cancelled");
        var stock = await Poll.UntilAsync(() => TestProducts.StockAsync(productDb, product), s => s == 4, Shop.Settles, "stock released");

        Assert.Equal(["Pending", "Cancelled"], cancelled!.History.Select(h => h.To));
        Assert.StartsWith("Payment failed", cancelled.History[^1].Reason, StringComparison.Ordinal);
        Assert.Null(cancelled.PaymentId);
        Assert.Equal(4, stock);
        Assert.Equal("Released", await ReservationStatusAsync(productDb, placed.Id));
    }

    [Fact]
    public async Task A_transient_provider_failure_is_retried_to_paid_with_exactly_one_charge()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        await using var paymentDb = await Graph.OpenDatabaseAsync("paymentdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 5, price: 9.99m);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        var placed = await Shop.OrderAsync(gateway, tokens.AccessToken, "tok_processingError", (product, 1));
        var paid = await Shop.UntilStatusAsync(gateway, tokens.AccessToken, placed.Id, "Paid");

        Assert.Equal(["Pending", "Paid"], paid!.History.Select(h => h.To));
        await using var charges = new Npgsql.NpgsqlCommand(
            """SELECT "Status", "Attempts" FROM "SimulatedCharges" WHERE "IdempotencyKey" = @key""", paymentDb);
        charges.Parameters.AddWithValue("key", $"order-{placed.Id}-charge");
        await using var reader = await charges.ExecuteReaderAsync(Cancellation);
        Assert.True(await reader.ReadAsync(Cancellation));
        Assert.Equal("Succeeded", reader.GetString(0));
        Assert.True(reader.GetInt32(1) >= 2, "the provider was asked again after its transient failure");
        Assert.False(await reader.ReadAsync(Cancellation));
    }

    [Fact]
    public async Task The_same_key_and_body_place_one_order_and_another_body_with_that_key_is_refused()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 10);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var key = Guid.NewGuid().ToString();

        using var first = await Shop.PlaceAsync(gateway, tokens.AccessToken, key, Shop.OrderBody("tok_visa", (product, 2)));
        using var again = await Shop.PlaceAsync(gateway, tokens.AccessToken, key, Shop.OrderBody("tok_visa", (product, 2)));
        using var other = await Shop.PlaceAsync(gateway, tokens.AccessToken, key, Shop.OrderBody("tok_visa", (product, 3)));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var firstOrder = await first.Content.ReadFromJsonAsync<PlacedOrderResponse>(Cancellation);
        var againOrder = await again.Content.ReadFromJsonAsync<PlacedOrderResponse>(Cancellation);
        Assert.Equal(firstOrder!.Id, againOrder!.Id);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(8, await TestProducts.StockAsync(productDb, product));
        using var mine = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders", tokens.AccessToken);
        Assert.Equal(1, (await mine.Content.ReadFromJsonAsync<OrderPageResponse>(Cancellation))!.TotalCount);
    }

    [Fact]
    public async Task An_order_the_stock_cannot_cover_is_refused_with_what_is_short_and_takes_nothing()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var plenty = await Shop.ProductAsync(productDb, stock: 10);
        var scarce = await Shop.ProductAsync(productDb, stock: 1);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var key = Guid.NewGuid().ToString();

        using var refused = await Shop.PlaceAsync(gateway, tokens.AccessToken, key, Shop.OrderBody("tok_visa", (plenty, 2), (scarce, 3)));
        await using (var restock = new Npgsql.NpgsqlCommand("""UPDATE "Products" SET "Stock" = 5 WHERE "Id" = @id""", productDb))
        {
            restock.Parameters.AddWithValue("id", scarce);
            await restock.ExecuteNonQueryAsync(Cancellation);
        }
        using var retried = await Shop.PlaceAsync(gateway, tokens.AccessToken, key, Shop.OrderBody("tok_visa", (plenty, 2), (scarce, 3)));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var shortfall = Assert.Single(problem.GetProperty("shortfalls").EnumerateArray());
        Assert.Equal(scarce, shortfall.GetProperty("productId").GetGuid());
        Assert.Equal(3, shortfall.GetProperty("requested").GetInt32());
        Assert.Equal(1, shortfall.GetProperty("available").GetInt32());
        // Nothing was reserved, so the key is free for the same order once the stock is there.
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(8, await TestProducts.StockAsync(productDb, plenty));
    }

    [Fact]
    public async Task A_malformed_order_gets_every_field_error_and_changes_nothing()
    {
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var body = new
        {
            items = new object[] { new { productId = Guid.NewGuid(), quantity = 0 } },
            shippingAddress = new { fullName = "", line1 = "Somewhere 1", city = "Berlin", postalCode = "10115", country = "XX" },
            paymentToken = "tok visa; DROP TABLE",
        };

        using var response = await Shop.PlaceAsync(gateway, tokens.AccessToken, idempotencyKey: null, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.Equal(
            ["Idempotency-Key", "items[0].quantity", "paymentToken", "shippingAddress.country", "shippingAddress.fullName"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        using var mine = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders", tokens.AccessToken);
        Assert.Equal(0, (await mine.Content.ReadFromJsonAsync<OrderPageResponse>(Cancellation))!.TotalCount);
    }

    [Fact]
    public async Task Another_customer_can_neither_see_nor_cancel_my_order()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 5);
        using var gateway = Graph.Client("gateway");
        var (_, mine) = await Accounts.SignedInCustomerAsync(gateway);
        var (_, theirs) = await Accounts.SignedInCustomerAsync(gateway);
        var placed = await Shop.OrderAsync(gateway, mine.AccessToken, "tok_visa", (product, 1));

        using var read = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/orders/{placed.Id}", theirs.AccessToken);
        using var cancel = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/orders/{placed.Id}/cancel", theirs.AccessToken);
        using var list = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders", theirs.AccessToken);
        using var anonymous = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/orders/{placed.Id}", accessToken: null);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Empty((await list.Content.ReadFromJsonAsync<OrderPageResponse>(Cancellation))!.Items);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.NotNull(await Shop.GetAsync(gateway, mine.AccessToken, placed.Id));
    }

    [Fact]
    public async Task My_orders_come_newest_first_in_pages()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 10);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var placed = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            placed.Add((await Shop.OrderAsync(gateway, tokens.AccessToken, "tok_visa", (product, 1))).Id);
        }

        using var first = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders?page=1&pageSize=2", tokens.AccessToken);
        using var second = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders?page=2&pageSize=2", tokens.AccessToken);
        using var tooBig = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders?pageSize=1000", tokens.AccessToken);

        var pages = new[] { first, second };
        var ids = new List<Guid>();
        foreach (var page in pages)
        {
            var body = await page.Content.ReadFromJsonAsync<OrderPageResponse>(Cancellation);
            Assert.Equal(3, body!.TotalCount);
            ids.AddRange(body.Items.Select(i => i.Id));
        }
        Assert.Equal(Enumerable.Reverse(placed), ids);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
    }

    [Fact]
    public async Task Stock_held_by_a_request_that_died_before_storing_its_order_is_released()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        await using var orderDb = await Graph.OpenDatabaseAsync("orderdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 5);
        using var gateway = Graph.Client("gateway");
        using var products = Graph.Client("products");
        var shopper = await Checkout.ShopperAsync(gateway);
        var orderId = Guid.CreateVersion7();
        // What a request leaves behind when it dies after the catalog reserved and before the order was stored.
        using var reserved = await Accounts.SendAsync(products, HttpMethod.Post, "/internal/reservations", shopper.AccessToken,
            new { orderId, items = new[] { new { productId = product, quantity = 2 } } });
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        await using (var key = new Npgsql.NpgsqlCommand(
            """
            INSERT INTO "IdempotencyKeys" ("CustomerId", "Key", "RequestHash", "OrderId", "CreatedAt", "LeasedUntil")
            VALUES (@customer, @key, repeat('0', 64), @order, now() - interval '5 minutes', now() - interval '4 minutes')
            """, orderDb))
        {
            key.Parameters.AddWithValue("customer", shopper.UserId);
            key.Parameters.AddWithValue("key", Guid.NewGuid().ToString());
            key.Parameters.AddWithValue("order", orderId);
            await key.ExecuteNonQueryAsync(Cancellation);
        }

        var stock = await Poll.UntilAsync(() => TestProducts.StockAsync(productDb, product), s => s == 5, Shop.Settles, "the abandoned stock released");

        Assert.Equal(5, stock);
        Assert.Equal("Released", await ReservationStatusAsync(productDb, orderId));
        await using var keys = new Npgsql.NpgsqlCommand("""SELECT count(*) FROM "IdempotencyKeys" WHERE "OrderId" = @order""", orderDb);
        keys.Parameters.AddWithValue("order", orderId);
        Assert.Equal(0L, await keys.ExecuteScalarAsync(Cancellation));
    }

    internal static async Task<string?> ReservationStatusAsync(Npgsql.NpgsqlConnection productDb, Guid orderId)
    {
        await using var select = new Npgsql.NpgsqlCommand("""SELECT min("Status") FROM "Reservations" WHERE "OrderId" = @id""", productDb);
        select.Parameters.AddWithValue("id", orderId);
        return await select.ExecuteScalarAsync(Cancellation) as string;
    }
}
