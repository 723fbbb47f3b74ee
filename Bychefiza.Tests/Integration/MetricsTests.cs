using System.Globalization;
using System.Net;
using Bychefiza.Tests.Support;
using Microsoft.Extensions.Hosting;

namespace Bychefiza.Tests.Integration;

/// <summary>Every service answers <c>/metrics</c> in Prometheus' format, and the shop's own figures move with its orders.</summary>
[Collection(GraphCollection.Name)]
public sealed class MetricsTests(GraphFixture fixture)
{
    private TestGraph Graph => fixture.Graph;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("auth")]
    [InlineData("users")]
    [InlineData("products")]
    [InlineData("orders")]
    [InlineData("payments")]
    [InlineData("gateway")]
    public async Task Each_service_serves_prometheus_metrics_of_its_requests_and_runtime(string service)
    {
        using var client = Graph.Client(service);
        using var _ = await client.GetAsync("/api/no-such-thing", Cancellation); // at least one request measured

        var metrics = await Poll.UntilAsync(() => ScrapeAsync(client), text => text.Contains("http_server_request_duration_seconds_bucket", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), $"{service}'s request durations exported");

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", metrics, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections", metrics, StringComparison.Ordinal);
        // The instruments recorded per request or buffer rent whose figures kept ones give are not exported…
        Assert.All(OpenTelemetryExtensions.RedundantPerOperationInstruments,
            instrument => Assert.DoesNotContain(instrument.Replace('.', '_'), metrics, StringComparison.Ordinal));
        // …while their meters' other instruments are: the pool's growth, the open connections.
        Assert.Contains("aspnetcore_memory_pool_allocated_bytes_total", metrics, StringComparison.Ordinal);
        Assert.Contains("kestrel_active_connections", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paid_order_counts_as_created_and_paid_with_its_revenue()
    {
        using var gateway = Graph.Client("gateway");
        using var orders = Graph.Client("orders");
        using var payments = Graph.Client("payments");
        var shopper = await Checkout.ShopperAsync(gateway);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 5, price: 12.5m);
        var before = await ScrapeAsync(orders);
        var paymentsBefore = await ScrapeAsync(payments);

        var placed = await Shop.OrderAsync(gateway, shopper.AccessToken, "tok_visa", (product, 2));
        await Shop.UntilStatusAsync(gateway, shopper.AccessToken, placed.Id, "Paid");

        var after = await Poll.UntilAsync(() => ScrapeAsync(orders), text => Sum(text, "bychefiza_orders_paid_total") > Sum(before, "bychefiza_orders_paid_total"),
            TimeSpan.FromSeconds(60), "the paid order counted");
        Assert.True(Sum(after, "bychefiza_orders_created_total") >= Sum(before, "bychefiza_orders_created_total") + 1);
        Assert.True(Sum(after, "bychefiza_revenue_total") >= Sum(before, "bychefiza_revenue_total") + 25);
        // Polled as well: the exporter caches its answer for a moment, and an order paid as fast as
        // this one can be asked about within that moment of the first scrape.
        await Poll.UntilAsync(() => ScrapeAsync(payments),
            text => Sum(text, "bychefiza_payments_completed_total") > Sum(paymentsBefore, "bychefiza_payments_completed_total"),
            TimeSpan.FromSeconds(60), "the completed payment counted");
    }

    [Fact]
    public async Task A_session_counts_as_an_active_user_until_it_ends()
    {
        using var gateway = Graph.Client("gateway");
        using var auth = Graph.Client("auth");
        // The gauge is recounted every second in the tests' graph: two seconds on, it holds every session
        // the tests before this one began, so the next rise is this test's session and no earlier one's.
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
        var before = Sum(await Poll.UntilAsync(() => ScrapeAsync(auth), text => text.Contains("bychefiza_users_active", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "active users counted"), "bychefiza_users_active");

        // Tests of this collection run one at a time.
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var during = Sum(await Poll.UntilAsync(() => ScrapeAsync(auth), text => Sum(text, "bychefiza_users_active") >= before + 1,
            TimeSpan.FromSeconds(60), "the new session counted"), "bychefiza_users_active");

        using var logout = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/auth/logout", tokens.AccessToken, new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await Poll.UntilAsync(() => ScrapeAsync(auth), text => Sum(text, "bychefiza_users_active") <= during - 1,
            TimeSpan.FromSeconds(60), "the ended session no longer counted");
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancellation);
    }

    /// <summary>The sum of a metric's samples over all its label sets (0 when it has none yet).</summary>
    private static double Sum(string exposition, string metric) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Sum(SampleValue);

    /// <summary>The value of <c>name{labels} value [timestamp]</c>; label values may hold spaces, so it is read after the labels.</summary>
    private static double SampleValue(string line)
    {
        var afterLabels = line.LastIndexOf('}') is var close and >= 0 ? line[(close + 1)..] : line[line.IndexOf(' ', StringComparison.Ordinal)..];
        return double.Parse(afterLabels.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
