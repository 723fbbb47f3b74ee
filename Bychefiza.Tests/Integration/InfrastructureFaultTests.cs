using System.Net;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>
/// Checkout under load while a server or a service process dies (SIGKILL, no goodbye) or slows down:
/// no accepted order is lost, every order ends final, a paid order was charged exactly once, and
/// stock fell by exactly the units sold. Each fault is undone before the test ends.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class InfrastructureFaultTests(GraphFixture fixture)
{
    private const int Stock = 1000;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private TestGraph Graph => fixture.Graph;

    [Fact]
    public async Task Checkout_under_load_loses_nothing_when_PostgreSQL_is_killed_and_restarted()
    {
        var product = await NewProductAsync();
        using var gateway = Graph.Client("gateway");
        var load = await CheckoutLoad.StartAsync(gateway, product, shoppers: 4, ordersEach: 150);
        await load.UntilFlowingAsync();

        await using (await Shop.KillAsync(Graph, "postgres"))
        {
            await UntilShoppersSeeAsync(load, "the outage");
        }
        await UntilMoreAcceptedAsync(load);
        await load.StopAsync();

        var statuses = await ProductLedger.AssertSettledAsync(Graph, product, Stock, load.Accepted.Values);
        Assert.Equal(load.Accepted.Count, statuses.GetValueOrDefault("Paid"));
    }

    [Fact]
    public async Task An_order_in_flight_when_the_orders_process_is_killed_is_placed_once_and_paid()
    {
        var product = await NewProductAsync();
        using var gateway = Graph.Client("gateway");
        var load = await CheckoutLoad.StartAsync(gateway, product, shoppers: 4, ordersEach: 150);
        await load.UntilFlowingAsync();

        await using (await Shop.KillAsync(Graph, "orders"))
        {
            await UntilShoppersSeeAsync(load, "orders gone");
        }
        await UntilMoreAcceptedAsync(load);
        await load.StopAsync();

        // Orders the killed process had stored but not answered were answered to the retry, under the same key.
        var statuses = await ProductLedger.AssertSettledAsync(Graph, product, Stock, load.Accepted.Values);
        Assert.Equal(load.Accepted.Count, statuses.GetValueOrDefault("Paid"));
    }

    [Fact]
    public async Task Orders_waiting_for_payment_when_the_payments_process_is_killed_are_all_paid_once()
    {
        var product = await NewProductAsync();
        using var gateway = Graph.Client("gateway");
        var load = await CheckoutLoad.StartAsync(gateway, product, shoppers: 4, ordersEach: 150);
        await load.UntilFlowingAsync();

        await using (await Shop.KillAsync(Graph, "payments"))
        {
            // Checkout does not wait for payments: the shop keeps accepting orders, and they wait.
            await UntilMoreAcceptedAsync(load);
        }
        await UntilMoreAcceptedAsync(load);
        await load.StopAsync();

        var statuses = await ProductLedger.AssertSettledAsync(Graph, product, Stock, load.Accepted.Values);
        Assert.Equal(load.Accepted.Count, statuses.GetValueOrDefault("Paid"));
        Assert.DoesNotContain(load.Answers.Keys, answer => answer.StartsWith('5') || answer == "no answer");
    }

    [Fact]
    public async Task Without_Redis_the_catalog_is_served_uncached_checkout_works_and_the_gateway_says_it_is_degraded()
    {
        var product = await NewProductAsync();
        using var gateway = Graph.Client("gateway");
        // A catalog read must not wait on a Redis that is gone.
        using var impatient = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        PlacedOrderResponse placed;
        await using (await Shop.KillAsync(Graph, "redis"))
        {
            Assert.Equal("Degraded", await Poll.UntilAsync(() => RateLimitsAfterARequestAsync(gateway), s => s == "Degraded", TimeSpan.FromSeconds(30), "the gateway's limits local"));
            using var products = Graph.Client("products");
            Assert.Equal("Degraded", await Poll.UntilAsync(() => ReadyCheckAsync(products, "catalog-cache"), s => s == "Degraded", TimeSpan.FromSeconds(30), "the catalog cache degraded"));

            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(Stock, (await Catalog.GetAsync(impatient, product))?.Stock);
                using var page = await impatient.GetAsync("/api/products?page=1&pageSize=20", Cancellation);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }
            placed = await Shop.OrderAsync(impatient, tokens.AccessToken, "tok_visa", (product, 2));
            await Shop.UntilStatusAsync(gateway, tokens.AccessToken, placed.Id, "Paid");
            // The stock shown is the database's, not an entry from before the sale.
            Assert.Equal(Stock - 2, (await Catalog.GetAsync(impatient, product))?.Stock);
        }

        Assert.Equal("Healthy", await Poll.UntilAsync(() => RateLimitsAfterARequestAsync(gateway), s => s == "Healthy", TimeSpan.FromSeconds(60), "the gateway's limits shared again"));
        Assert.Equal(Stock - 2, (await Catalog.GetAsync(gateway, product))?.Stock);
        await ProductLedger.AssertSettledAsync(Graph, product, Stock, [placed.Id]);
    }

    [Fact]
    public async Task A_slow_payment_provider_delays_payment_while_checkout_and_browsing_stay_responsive()
    {
        var product = await NewProductAsync();
        using var gateway = Graph.Client("gateway");
        using var impatient = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        var placed = new List<Guid>();
        await using (await SlowPaymentsAsync(TimeSpan.FromSeconds(5)))
        {
            for (var i = 0; i < 3; i++)
            {
                placed.Add((await Shop.OrderAsync(impatient, tokens.AccessToken, "tok_visa", (product, 1))).Id);
            }
            // Each charge takes 5 s: while the first is still with the provider, the shop answers at once.
            Assert.Equal("Pending", (await Shop.GetAsync(impatient, tokens.AccessToken, placed[^1]))?.Status);
            Assert.NotNull(await Catalog.GetAsync(impatient, product));
            using var page = await impatient.GetAsync("/api/products?page=1&pageSize=20", Cancellation);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);

            foreach (var id in placed)
            {
                var paid = await Shop.UntilStatusAsync(gateway, tokens.AccessToken, id, "Paid");
                var pending = paid!.History.Single(h => h.To == "Pending").At;
                Assert.True(paid.History.Single(h => h.To == "Paid").At - pending >= TimeSpan.FromSeconds(4.5), "paid only once the slow provider answered");
            }
        }

        await ProductLedger.AssertSettledAsync(Graph, product, Stock, placed);
    }

    /// <summary>Restarts payments with every simulator call taking <paramref name="latency"/>; disposing restarts it without.</summary>
    private async Task<IAsyncDisposable> SlowPaymentsAsync(TimeSpan latency)
    {
        Graph.PaymentLatency = latency;
        await (await Shop.StopAsync(Graph, "payments")).DisposeAsync();
        return new PaymentsAtFullSpeed(Graph);
    }

    private sealed class PaymentsAtFullSpeed(TestGraph graph) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            graph.PaymentLatency = TimeSpan.Zero;
            await (await Shop.StopAsync(graph, "payments")).DisposeAsync();
        }
    }

    private async Task<Guid> NewProductAsync()
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        return await Shop.ProductAsync(productDb, Stock);
    }

    /// <summary>Waits until the shoppers got an answer other than 201 (or none): the fault reached them.</summary>
    private static Task UntilShoppersSeeAsync(CheckoutLoad load, string what) =>
        Poll.UntilAsync(() => Task.FromResult(load.Answers.Keys.Any(a => a != "201")), seen => seen, TimeSpan.FromSeconds(60), $"the shoppers seeing {what}");

    /// <summary>Waits until the shop accepted more orders than it had: checkout is flowing again.</summary>
    private static async Task UntilMoreAcceptedAsync(CheckoutLoad load)
    {
        var before = load.Accepted.Count;
        await Poll.UntilAsync(() => Task.FromResult(load.Accepted.Count), n => n > before, TimeSpan.FromSeconds(90), "more orders accepted");
    }

    /// <summary>The gateway's rate-limit check once a request went through the limiter, which finds out whether Redis answers.</summary>
    private static async Task<string?> RateLimitsAfterARequestAsync(HttpClient gateway)
    {
        using var counted = await gateway.GetAsync("/api/categories", Cancellation);
        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        return await ReadyCheckAsync(gateway, "rate-limits");
    }

    private static async Task<string?> ReadyCheckAsync(HttpClient service, string check)
    {
        using var ready = await service.GetAsync("/ready", Cancellation);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancellation)).RootElement;
        return report.GetProperty("checks").TryGetProperty(check, out var entry) ? entry.GetProperty("status").GetString() : null;
    }
}
