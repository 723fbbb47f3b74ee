using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>
/// A checkout is one trace, from the SPA's request through the gateway, orders, the broker, payments
/// and back to orders, with the database and Redis calls in it, as the services export it over OTLP.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class TraceTests(GraphFixture fixture)
{
    private TestGraph Graph => fixture.Graph;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_checkout_is_one_trace_from_the_spa_through_the_broker_to_payments_and_back()
    {
        using var gateway = Graph.Client("gateway");
        var shopper = await Checkout.ShopperAsync(gateway);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 3, price: 7m);
        // The SPA's span: the browser would send this traceparent with its request.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var spaSpanId = ActivitySpanId.CreateRandom().ToHexString();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(Shop.OrderBody("tok_visa", (product, 1))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", shopper.AccessToken);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add("traceparent", $"00-{traceId}-{spaSpanId}-01");
        using var placed = await gateway.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.Content.ReadFromJsonAsync<PlacedOrderResponse>(Cancellation);
        await Shop.UntilStatusAsync(gateway, shopper.AccessToken, order!.Id, "Paid");

        // Orders applies PaymentCompleted last; its span is exported within the batch delay. Redis
        // commands become spans when the instrumentation drains its profiler (every 10 s).
        var spans = await Poll.UntilAsync(() => Task.FromResult(Graph.Telemetry.Trace(traceId)),
            trace => trace.Any(span => Is(span, "orders", ReceivedSpan.Consumer) && span.Name == "payment.completed process")
                && trace.Any(span => IsDatabase(span, "redis")),
            TimeSpan.FromSeconds(90), "orders' handling of payment.completed and a Redis command exported in the checkout's trace");
        var byId = spans.GroupBy(span => span.SpanId).ToDictionary(group => group.Key, group => group.First());

        var gatewayServer = Assert.Single(spans, span => Is(span, "gateway", ReceivedSpan.Server) && span.ParentSpanId == spaSpanId);
        var ordersServer = Assert.Single(spans, span => Is(span, "orders", ReceivedSpan.Server) && span.Attribute("http.request.method") == "POST");
        Assert.Contains(gatewayServer, Ancestors(ordersServer, byId));

        var orderCreated = Assert.Single(spans, span => Is(span, "payments", ReceivedSpan.Consumer) && span.Name == "order.created process");
        var orderCreatedChain = Ancestors(orderCreated, byId);
        Assert.Contains(orderCreatedChain, span => Is(span, "orders", ReceivedSpan.Producer));
        Assert.Contains(ordersServer, orderCreatedChain);

        var paymentCompleted = Assert.Single(spans, span => Is(span, "orders", ReceivedSpan.Consumer) && span.Name == "payment.completed process");
        var paymentCompletedChain = Ancestors(paymentCompleted, byId);
        Assert.Contains(paymentCompletedChain, span => Is(span, "payments", ReceivedSpan.Producer));
        Assert.Contains(orderCreated, paymentCompletedChain);
        Assert.Contains(gatewayServer, paymentCompletedChain);

        // Database calls of orders and payments, and Redis (the gateway's rate-limit counters, the catalog's cache).
        Assert.Contains(spans, span => Is(span, "orders", ReceivedSpan.Client) && IsDatabase(span, "postgresql"));
        Assert.Contains(spans, span => Is(span, "payments", ReceivedSpan.Client) && IsDatabase(span, "postgresql"));
        Assert.Contains(spans, span => span.Kind == ReceivedSpan.Client && IsDatabase(span, "redis"));
    }

    private static bool Is(ReceivedSpan span, string service, int kind) =>
        span.Kind == kind && (span.Service == service || span.Service.StartsWith(service + "-", StringComparison.Ordinal));

    private static bool IsDatabase(ReceivedSpan span, string system) =>
        span.Attribute("db.system") == system || span.Attribute("db.system.name") == system;

    /// <summary>The span's parents up to the root, each of which must have been exported: a gap breaks the chain.</summary>
    private static List<ReceivedSpan> Ancestors(ReceivedSpan span, Dictionary<string, ReceivedSpan> byId)
    {
        var chain = new List<ReceivedSpan>();
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            chain.Add(parent);
        }
        return chain;
    }
}
