using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>The products service's internal stock reservations, called the way the orders service calls them.</summary>
[Collection(GraphCollection.Name)]
public sealed class ReservationTests(GraphFixture fixture)
{
    private const string Reservations = "/internal/reservations";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reservation_takes_the_units_and_its_commit_sells_them()
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await TestProducts.ProductAsync(db, await TestProducts.CategoryAsync(db), stock: 5, price: 12.50m);
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();
        var orderId = Guid.NewGuid();

        using var reserved = await ReserveAsync(products, token, orderId, (product, 2));
        var held = await TestProducts.StockAsync(db, product);
        using var committed = await Accounts.SendAsync(products, HttpMethod.Post, $"{Reservations}/{orderId}/commit", token);
        using var committedAgain = await Accounts.SendAsync(products, HttpMethod.Post, $"{Reservations}/{orderId}/commit", token);
        using var releaseAfterSale = await Accounts.SendAsync(products, HttpMethod.Delete, $"{Reservations}/{orderId}", token);
        using var read = await Accounts.SendAsync(products, HttpMethod.Get, $"{Reservations}/{orderId}", token);

        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        Assert.Equal($"{Reservations}/{orderId}", reserved.Headers.Location?.OriginalString);
        var body = await reserved.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(orderId, body.GetProperty("orderId").GetGuid());
        Assert.Equal("Reserved", body.GetProperty("status").GetString());
        var line = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal(product, line.GetProperty("productId").GetGuid());
        Assert.Equal(2, line.GetProperty("quantity").GetInt32());
        Assert.Equal(12.50m, line.GetProperty("unitPrice").GetDecimal());
        Assert.Equal("USD", line.GetProperty("currency").GetString());
        Assert.Equal(25.00m, body.GetProperty("total").GetDecimal());
        Assert.Equal(3, held);
        Assert.Equal(HttpStatusCode.NoContent, committed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, committedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, releaseAfterSale.StatusCode);
        Assert.Equal("Committed", (await read.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("status").GetString());
        Assert.Equal(3, await TestProducts.StockAsync(db, product));
    }

    [Fact]
    public async Task The_shop_shows_the_stock_a_reservation_left_at_once()
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await TestProducts.ProductAsync(db, await TestProducts.CategoryAsync(db), stock: 5);
        using var gateway = fixture.Graph.Client("gateway");
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();
        Assert.Equal(5, (await Catalog.GetAsync(gateway, product))!.Stock); // now in the shop's cache

        using var reserved = await ReserveAsync(products, token, Guid.NewGuid(), (product, 2));

        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        Assert.Equal(3, (await Catalog.GetAsync(gateway, product))!.Stock);
    }

    [Fact]
    public async Task Releasing_returns_the_units_to_stock_once_and_publishes_each_stock_level()
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await TestProducts.ProductAsync(db, await TestProducts.CategoryAsync(db), stock: 5);
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();
        var orderId = Guid.NewGuid();

        using var reserved = await ReserveAsync(products, token, orderId, (product, 3));
        var held = await TestProducts.StockAsync(db, product);
        using var released = await Accounts.SendAsync(products, HttpMethod.Delete, $"{Reservations}/{orderId}", token);
        using var releasedAgain = await Accounts.SendAsync(products, HttpMethod.Delete, $"{Reservations}/{orderId}", token);
        using var commitAfterRelease = await Accounts.SendAsync(products, HttpMethod.Post, $"{Reservations}/{orderId}/commit", token);
        using var read = await Accounts.SendAsync(products, HttpMethod.Get, $"{Reservations}/{orderId}", token);

        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        Assert.Equal(2, held);
        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, releasedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, commitAfterRelease.StatusCode);
        Assert.Equal("Released", (await read.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("status").GetString());
        Assert.Equal(5, await TestProducts.StockAsync(db, product));
        var events = await Poll.UntilAsync(
            () => TestProducts.StockEventsAsync(db, product), e => e.AllSent && e.Stocks.Count >= 2, TimeSpan.FromSeconds(60), "both stock events sent");
        Assert.Equal(new[] { 2, 5 }, events.Stocks);
    }

    [Fact]
    public async Task An_unknown_order_has_nothing_to_read_release_or_commit()
    {
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();
        var orderId = Guid.NewGuid();

        using var read = await Accounts.SendAsync(products, HttpMethod.Get, $"{Reservations}/{orderId}", token);
        using var released = await Accounts.SendAsync(products, HttpMethod.Delete, $"{Reservations}/{orderId}", token);
        using var committed = await Accounts.SendAsync(products, HttpMethod.Post, $"{Reservations}/{orderId}/commit", token);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, released.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, committed.StatusCode);
    }

    [Fact]
    public async Task One_short_item_reserves_nothing_and_the_conflict_lists_it()
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("productdb", Cancellation);
        var category = await TestProducts.CategoryAsync(db);
        var plenty = await TestProducts.ProductAsync(db, category, stock: 5);
        var scarce = await TestProducts.ProductAsync(db, category, stock: 1);
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();
        var orderId = Guid.NewGuid();

        using var response = await ReserveAsync(products, token, orderId, (plenty, 2), (scarce, 3));
        using var read = await Accounts.SendAsync(products, HttpMethod.Get, $"{Reservations}/{orderId}", token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var shortfall = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("shortfalls").EnumerateArray());
        Assert.Equal(scarce, shortfall.GetProperty("productId").GetGuid());
        Assert.Equal(3, shortfall.GetProperty("requested").GetInt32());
        Assert.Equal(1, shortfall.GetProperty("available").GetInt32());
        Assert.Equal(5, await TestProducts.StockAsync(db, plenty));
        Assert.Equal(1, await TestProducts.StockAsync(db, scarce));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Unknown_and_archived_products_are_short_with_nothing_available()
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("productdb", Cancellation);
        var category = await TestProducts.CategoryAsync(db);
        var archived = await TestProducts.ProductAsync(db, category, stock: 10, archived: true);
        var unknown = Guid.NewGuid();
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();

        using var response = await ReserveAsync(products, token, Guid.NewGuid(), (archived, 1), (unknown, 1));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var shortfalls = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("shortfalls").EnumerateArray()
            .ToDictionary(s => s.GetProperty("productId").GetGuid(), s => s.GetProperty("available").GetInt32());
        Assert.Equal(new Dictionary<Guid, int> { [archived] = 0, [unknown] = 0 }, shortfalls);
        Assert.Equal(10, await TestProducts.StockAsync(db, archived));
    }

    [Fact]
    public async Task Repeating_a_reservation_answers_the_same_and_takes_the_stock_once()
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("productdb", Cancellation);
        var category = await TestProducts.CategoryAsync(db);
        var first = await TestProducts.ProductAsync(db, category, stock: 10, price: 3m);
        var second = await TestProducts.ProductAsync(db, category, stock: 10, price: 4m);
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();
        var orderId = Guid.NewGuid();

        using var original = await ReserveAsync(products, token, orderId, (first, 1), (second, 2));
        using var repeated = await ReserveAsync(products, token, orderId, (second, 2), (first, 1));

        Assert.Equal(HttpStatusCode.Created, original.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(await original.Content.ReadAsStringAsync(Cancellation), await repeated.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(9, await TestProducts.StockAsync(db, first));
        Assert.Equal(8, await TestProducts.StockAsync(db, second));
    }

    [Fact]
    public async Task A_different_reservation_for_the_same_order_is_a_conflict_and_takes_nothing()
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await TestProducts.ProductAsync(db, await TestProducts.CategoryAsync(db), stock: 10);
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();
        var orderId = Guid.NewGuid();

        using var original = await ReserveAsync(products, token, orderId, (product, 1));
        using var different = await ReserveAsync(products, token, orderId, (product, 4));

        Assert.Equal(HttpStatusCode.Created, original.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal(9, await TestProducts.StockAsync(db, product));
    }

    [Fact]
    public async Task Fifty_concurrent_orders_for_the_last_ten_units_sell_exactly_ten()
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await TestProducts.ProductAsync(db, await TestProducts.CategoryAsync(db), stock: 10);
        var token = await CustomerTokenAsync();
        // Five clients of four connections each: truly concurrent, yet bounded on a shared machine.
        var clients = Enumerable.Range(0, 5)
            .Select(_ => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 }) { BaseAddress = fixture.Graph.Endpoint("products"), Timeout = TimeSpan.FromSeconds(60) })
            .ToList();
        try
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
            {
                using var response = await ReserveAsync(clients[i % clients.Count], token, Guid.NewGuid(), (product, 1));
                return response.StatusCode;
            }));

            Assert.Equal(10, responses.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(40, responses.Count(s => s == HttpStatusCode.Conflict));
            Assert.Equal(0, await TestProducts.StockAsync(db, product));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task The_unit_price_is_the_promotional_price_in_force()
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("productdb", Cancellation);
        var category = await TestProducts.CategoryAsync(db);
        var product = await TestProducts.ProductAsync(db, category, stock: 5, price: 40m, currency: "EUR");
        await TestProducts.PromotionAsync(db, category, percentOff: 25m);
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();

        using var response = await ReserveAsync(products, token, Guid.NewGuid(), (product, 2));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var line = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal(30.00m, line.GetProperty("unitPrice").GetDecimal());
        Assert.Equal("EUR", line.GetProperty("currency").GetString());
        Assert.Equal(60.00m, body.GetProperty("total").GetDecimal());
        Assert.Equal("EUR", body.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Products_priced_in_different_currencies_cannot_share_an_order()
    {
        await using var db = await fixture.Graph.OpenDatabaseAsync("productdb", Cancellation);
        var category = await TestProducts.CategoryAsync(db);
        var dollars = await TestProducts.ProductAsync(db, category, stock: 5, currency: "USD");
        var euros = await TestProducts.ProductAsync(db, category, stock: 5, currency: "EUR");
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();

        using var response = await ReserveAsync(products, token, Guid.NewGuid(), (dollars, 1), (euros, 1));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(5, await TestProducts.StockAsync(db, dollars));
        Assert.Equal(5, await TestProducts.StockAsync(db, euros));
    }

    [Fact]
    public async Task Anonymous_callers_are_refused()
    {
        using var products = fixture.Graph.Client("products");

        using var reserve = await ReserveAsync(products, accessToken: null, Guid.NewGuid(), (Guid.NewGuid(), 1));
        using var read = await Accounts.SendAsync(products, HttpMethod.Get, $"{Reservations}/{Guid.NewGuid()}", accessToken: null);

        Assert.Equal(HttpStatusCode.Unauthorized, reserve.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Fact]
    public async Task An_invalid_request_gets_field_errors()
    {
        using var products = fixture.Graph.Client("products");
        var token = await CustomerTokenAsync();
        var product = Guid.NewGuid();

        using var response = await Accounts.SendAsync(products, HttpMethod.Post, Reservations, token, new
        {
            orderId = Guid.Empty,
            items = new[] { new { productId = product, quantity = 0 }, new { productId = product, quantity = 1001 } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.Equal(new[] { "items[0].quantity", "items[1].productId", "items[1].quantity", "orderId" }, errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_gateway_does_not_route_internal_paths()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var orderId = Guid.NewGuid();

        using var reserve = await ReserveAsync(gateway, tokens.AccessToken, orderId, (Guid.NewGuid(), 1));
        using var read = await Accounts.SendAsync(gateway, HttpMethod.Get, $"{Reservations}/{orderId}", tokens.AccessToken);

        Assert.Equal(HttpStatusCode.NotFound, reserve.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    /// <summary>Any valid customer token will do: the orders service calls with the shopper's.</summary>
    private async Task<string> CustomerTokenAsync()
    {
        using var gateway = fixture.Graph.Client("gateway");
        return (await Accounts.SignedInCustomerAsync(gateway)).Tokens.AccessToken;
    }

    private static Task<HttpResponseMessage> ReserveAsync(HttpClient client, string? accessToken, Guid orderId, params (Guid ProductId, int Quantity)[] items) =>
        Accounts.SendAsync(client, HttpMethod.Post, Reservations, accessToken, new
        {
            orderId,
            items = items.Select(i => new { productId = i.ProductId, quantity = i.Quantity }),
        });
}
