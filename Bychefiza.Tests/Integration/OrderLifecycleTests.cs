using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>What happens to an order after it is placed: cancellation, refunds, shipping, and the admin's view.</summary>
[Collection(GraphCollection.Name)]
public sealed class OrderLifecycleTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private TestGraph Graph => fixture.Graph;

    [Fact]
    public async Task Cancelling_a_paid_order_refunds_it_and_returns_its_stock()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 6, price: 8m);
        using var gateway = Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var placed = await Shop.OrderAsync(gateway, tokens.AccessToken, "tok_visa", (product, 2));
        await Shop.UntilStatusAsync(gateway, tokens.AccessToken, placed.Id, "Paid");

        using var cancel = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/orders/{placed.Id}/cancel", tokens.AccessToken);
        var refunded = await Shop.UntilStatusAsync(gateway, tokens.AccessToken, placed.Id, "Refunded");
        var stock = await Poll.UntilAsync(() => TestProducts.StockAsync(productDb, product), s => s == 6, Shop.Settles, "stock returned");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("RefundPending", (await cancel.Content.ReadFromJsonAsync<OrderResponse>(Cancellation))!.Status);
        Assert.Equal(["Pending", "Paid", "RefundPending", "Refunded"], refunded!.History.Select(h => h.To));
        Assert.Equal(6, stock);
        Assert.Equal("Returned", await CheckoutTests.ReservationStatusAsync(productDb, placed.Id));
    }

    [Fact]
    public async Task An_admin_ships_then_delivers_a_paid_order_and_illegal_moves_are_refused()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 5);
        using var gateway = Graph.Client("gateway");
        var (_, customer) = await Accounts.SignedInCustomerAsync(gateway);
        var admin = await Graph.AdminAccessTokenAsync(gateway);
        var placed = await Shop.OrderAsync(gateway, customer.AccessToken, "tok_visa", (product, 1));
        await Shop.UntilStatusAsync(gateway, customer.AccessToken, placed.Id, "Paid");

        using var deliverEarly = await Admin(gateway, admin, placed.Id, "deliver");
        using var byCustomer = await Admin(gateway, customer.AccessToken, placed.Id, "ship");
        using var shipped = await Admin(gateway, admin, placed.Id, "ship");
        using var refundShipped = await Admin(gateway, admin, placed.Id, "refund");
        using var cancelShipped = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/orders/{placed.Id}/cancel", customer.AccessToken);
        using var delivered = await Admin(gateway, admin, placed.Id, "deliver");
        using var unknown = await Admin(gateway, admin, Guid.NewGuid(), "ship");

        Assert.Equal(HttpStatusCode.Conflict, deliverEarly.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refundShipped.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, cancelShipped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var order = await Shop.GetAsync(gateway, customer.AccessToken, placed.Id);
        Assert.Equal(["Pending", "Paid", "Shipped", "Delivered"], order!.History.Select(h => h.To));
    }

    [Fact]
    public async Task An_admin_refunds_a_paid_order_of_any_customer()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 5);
        using var gateway = Graph.Client("gateway");
        var (_, customer) = await Accounts.SignedInCustomerAsync(gateway);
        var admin = await Graph.AdminAccessTokenAsync(gateway);
        var placed = await Shop.OrderAsync(gateway, customer.AccessToken, "tok_visa", (product, 2));
        await Shop.UntilStatusAsync(gateway, customer.AccessToken, placed.Id, "Paid");

        using var refund = await Admin(gateway, admin, placed.Id, "refund");
        var refunded = await Shop.UntilStatusAsync(gateway, customer.AccessToken, placed.Id, "Refunded");

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal("Refunded by an admin.", refunded!.History.Single(h => h.To == "RefundPending").Reason);
        Assert.Equal(5, await Poll.UntilAsync(() => TestProducts.StockAsync(productDb, product), s => s == 5, Shop.Settles, "stock returned"));
    }

    [Fact]
    public async Task Admins_filter_every_customers_orders_and_customers_cannot()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 5);
        using var gateway = Graph.Client("gateway");
        var customer = await Checkout.ShopperAsync(gateway);
        var customerId = customer.UserId;
        var admin = await Graph.AdminAccessTokenAsync(gateway);
        var declined = await Shop.OrderAsync(gateway, customer.AccessToken, "tok_chargeDeclined", (product, 1));
        var paid = await Shop.OrderAsync(gateway, customer.AccessToken, "tok_visa", (product, 1));
        await Shop.UntilStatusAsync(gateway, customer.AccessToken, declined.Id, "Cancelled");
        await Shop.UntilStatusAsync(gateway, customer.AccessToken, paid.Id, "Paid");

        using var all = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/orders/admin?customerId={customerId}", admin);
        using var cancelledOnly = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/orders/admin?customerId={customerId}&status=Cancelled", admin);
        using var future = await Accounts.SendAsync(gateway, HttpMethod.Get,
            $"/api/orders/admin?customerId={customerId}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}", admin);
        using var badStatus = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders/admin?status=Lost", admin);
        using var asCustomer = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders/admin", customer.AccessToken);
        using var one = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/orders/admin/{paid.Id}", admin);

        Assert.Equal([paid.Id, declined.Id], (await all.Content.ReadFromJsonAsync<OrderPageResponse>(Cancellation))!.Items.Select(o => o.Id));
        Assert.Equal([declined.Id], (await cancelledOnly.Content.ReadFromJsonAsync<OrderPageResponse>(Cancellation))!.Items.Select(o => o.Id));
        Assert.Empty((await future.Content.ReadFromJsonAsync<OrderPageResponse>(Cancellation))!.Items);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asCustomer.StatusCode);
        Assert.Equal(customerId, (await one.Content.ReadFromJsonAsync<OrderResponse>(Cancellation))!.CustomerId);
    }

    [Fact]
    public async Task Stats_count_orders_and_paid_revenue_per_bucket()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 10, price: 7.25m);
        using var gateway = Graph.Client("gateway");
        var (_, customer) = await Accounts.SignedInCustomerAsync(gateway);
        var admin = await Graph.AdminAccessTokenAsync(gateway);
        // Tests run one at a time: from now on, the orders counted are this test's own.
        var from = DateTimeOffset.UtcNow;

        var paid = await Shop.OrderAsync(gateway, customer.AccessToken, "tok_visa", (product, 2));
        var declined = await Shop.OrderAsync(gateway, customer.AccessToken, "tok_chargeDeclined", (product, 1));
        await Shop.UntilStatusAsync(gateway, customer.AccessToken, paid.Id, "Paid");
        await Shop.UntilStatusAsync(gateway, customer.AccessToken, declined.Id, "Cancelled");
        var after = await StatsAsync(gateway, admin, from);
        using var tooMany = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders/stats?bucket=minute&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", admin);
        using var badBucket = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders/stats?bucket=week", admin);
        using var asCustomer = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders/stats", customer.AccessToken);

        Assert.Equal(2, Sum(after, "orders"));
        Assert.Equal(1, Sum(after, "paidOrders"));
        Assert.Equal(14.50m, SumRevenue(after));
        Assert.All(after.GetProperty("buckets").EnumerateArray(), b => Assert.Equal(0, b.GetProperty("start").GetDateTimeOffset().Second));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badBucket.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asCustomer.StatusCode);

        static int Sum(JsonElement stats, string field) => stats.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty(field).GetInt32());
        static decimal SumRevenue(JsonElement stats) => stats.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("revenue").GetDecimal());
    }

    private static async Task<JsonElement> StatsAsync(HttpClient gateway, string admin, DateTimeOffset from)
    {
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"));
        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/orders/stats?bucket=minute&from={Uri.EscapeDataString(from.ToString("O"))}&to={to}", admin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static Task<HttpResponseMessage> Admin(HttpClient gateway, string accessToken, Guid orderId, string action) =>
        Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/orders/admin/{orderId}/{action}", accessToken);
}
