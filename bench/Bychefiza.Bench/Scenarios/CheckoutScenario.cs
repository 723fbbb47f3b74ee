using Bychefiza.Bench.Graph;
using Bychefiza.Bench.Measure;
using Bychefiza.Bench.Report;

namespace Bychefiza.Bench.Scenarios;

/// <summary>Scenario 5: concurrent customers place orders; each is watched until final, then the databases are audited.</summary>
internal sealed class CheckoutScenario(BenchGraph graph, HttpClient gateway, IReadOnlyList<Customer> customers, IReadOnlyList<CatalogProduct> catalog)
{
    public async Task<(ScenarioResult Result, CheckoutAuditResult Audit)> RunAsync(int orderCount)
    {
        // Products with stock for every order the run could place on them, so no order is short.
        var random = new Random(12);
        var products = catalog.Where(p => p.Stock >= 100).OrderBy(_ => random.Next()).Take(50).ToList();
        var productDb = (await graph.ConnectionStringAsync("productdb"))!;
        var orderDb = (await graph.ConnectionStringAsync("orderdb"))!;
        var paymentDb = (await graph.ConnectionStringAsync("paymentdb"))!;
        var stockBefore = await CheckoutAudit.StockAsync(productDb, products.Select(p => p.Id));

        Console.WriteLine($"  {customers.Count} customers, {orderCount} orders over {products.Count} products");
        await using var sampler = ResourceSampler.Start(Orchestrator.SampledRoots);
        var driver = new CheckoutDriver(gateway, customers, products);
        var run = await driver.RunAsync(orderCount);
        var usage = await sampler.StopAsync();

        var audit = await CheckoutAudit.RunAsync([.. run.Orders.Select(o => o.Id)], orderDb, paymentDb, productDb, stockBefore);
        var watchedUntilFinal = run.Orders.Count(o => o.PaidAt is not null || o.FinalStatus is "Cancelled" or "Refunded");
        run = run with { Orders = await driver.RereadUnfinishedAsync(run.Orders) };

        var stages = await CheckoutStages.DescribeAsync(run.Orders, orderDb, paymentDb);
        var paid = run.Orders.Where(o => o.SecondsToPaid is not null).ToList();
        var times = paid.Select(o => o.SecondsToPaid!.Value * 1000).Order().ToList();
        // From the first POST to the last order's Paid: orders per second that completed the whole flow.
        var window = paid.Count == 0 ? 0 : (paid.Max(o => o.PaidAt!.Value) - run.Orders.Min(o => o.SentAt)).TotalSeconds;
        var rejected = run.Rejections.Values.Sum();
        var side = new SideResult("through the gateway", "POST /api/orders → Paid", window == 0 ? 0 : paid.Count / window, "orders/s",
            Percentiles.Of(times, 50), Percentiles.Of(times, 95), Percentiles.Of(times, 99),
            rejected + run.Orders.Count - paid.Count, rejected + run.Orders.Count, usage);
        Console.WriteLine($"    {stages}");
        Console.WriteLine($"    {side.Throughput:F1} orders/s, time-to-Paid p50 {side.P50Ms:F0} ms, p99 {side.P99Ms:F0} ms; audit: {audit}");

        var notes = new List<string>
        {
            $"{customers.Count} customers, each placing its next order as soon as the previous one was accepted (201), {run.Orders.Count + rejected} orders in all over {products.Count} products with stock; payment token `tok_visa` (the simulator pays, no added latency). Latency columns are **time-to-Paid** (from sending the POST to the `Paid` entry of the order's history), not request latency.",
            $"Each customer read its order list (`GET /api/orders?pageSize=100`) every 1.5 s (the pace at which the SPA's order page polls a pending order; one list read covers all of a customer's orders in flight), and read an order (`GET /api/orders/{{id}}`) once the list showed it final, for the moment it became Paid; an order not final 90 s after its POST was read once more after the audit: {run.Orders.Count(o => o.FinalStatus == "Paid")} Paid, {run.Orders.Count(o => o.FinalStatus != "Paid")} otherwise ({string.Join(", ", run.Orders.Where(o => o.FinalStatus != "Paid").GroupBy(o => o.FinalStatus).Select(g => $"{g.Count()} {g.Key}"))}); rejected POSTs by status: {(rejected == 0 ? "none" : string.Join(", ", run.Rejections.Select(r => $"{r.Value}× {r.Key}")))}.",
            $"Audit of the databases once settled (at most 60 s more): {audit.OrdersStored} of {audit.Accepted} accepted orders stored in orderdb, **{audit.OrdersLost} lost**; **{audit.Unsettled} still not final**; {audit.SucceededCharges} succeeded simulator charges for {audit.SucceededPayments} succeeded payments, **{audit.DoubleCharges} double charges**; stock of the {stockBefore.Count} products fell by exactly the units of their paid orders for {stockBefore.Count - audit.StockMismatches} of them (**{audit.StockMismatches} mismatches**).",
            stages,
            $"The driver's whole run took {run.Elapsed.TotalSeconds:F1} s (placing, then waiting for the last order). {run.Orders.Count - watchedUntilFinal} orders were still moving when the 90 s watch gave up on them and were read again after the audit; throughput and time-to-Paid include them (the CPU columns cover the driver's run only).",
        };
        return (new ScenarioResult("5. Checkout", "Customers signed in through the gateway place one-item orders concurrently; the simulator provider pays.", [side], notes), audit);
    }
}
