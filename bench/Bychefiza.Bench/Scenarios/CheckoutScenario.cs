using System.Diagnostics;
using System.Globalization;
using Bychefiza.Bench.Graph;
using Bychefiza.Bench.Measure;
using Bychefiza.Bench.Report;

namespace Bychefiza.Bench.Scenarios;

/// <summary>Scenario 5: concurrent customers place orders; each is watched until final, then the databases are audited.</summary>
internal sealed class CheckoutScenario(BenchGraph graph, HttpClient gateway, IReadOnlyList<Customer> customers, IReadOnlyList<CatalogProduct> catalog)
{
    /// <param name="orderCount">Orders placed as fast as they are accepted: the saturated side.</param>
    /// <param name="pacedFor">
    /// How long the second side places orders at half the first side's rate: time-to-Paid at a load the
    /// machine carries, where the first side's is mostly the queue it built.
    /// </param>
    /// <param name="warmup">How the flow is warmed up before the first side is measured.</param>
    public async Task<(ScenarioResult Result, CheckoutAuditResult Audit)> RunAsync(int orderCount, TimeSpan pacedFor, CheckoutWarmup warmup)
    {
        // Products with stock for every order the run could place on them, so no order is short; each
        // side orders its own fifty, the warm-up two hundred others.
        var random = new Random(12);
        var stocked = catalog.Where(p => p.Stock >= 100).OrderBy(_ => random.Next()).ToList();
        var (products, pacedProducts, warmupProducts) = (stocked.Take(50).ToList(), stocked.Skip(50).Take(50).ToList(), stocked.Skip(100).Take(200).ToList());
        if (pacedProducts.Count == 0)
        {
            pacedProducts = products;
        }
        if (warmupProducts.Count == 0)
        {
            warmupProducts = products;
        }
        var productDb = (await graph.ConnectionStringAsync("productdb"))!;
        var orderDb = (await graph.ConnectionStringAsync("orderdb"))!;
        var paymentDb = (await graph.ConnectionStringAsync("paymentdb"))!;
        var stockBefore = await CheckoutAudit.StockAsync(productDb, products.Concat(pacedProducts).Concat(warmupProducts).Select(p => p.Id).Distinct());

        var warm = await WarmUpAsync(warmupProducts, warmup);
        await Settling.UntilQuietAsync(Orchestrator.SampledRoots);
        Console.WriteLine($"  {customers.Count} customers, {orderCount} orders over {products.Count} products, as fast as accepted");
        var (saturated, saturatedUsage) = await DriveAsync(products, orderCount, every: null);
        var rate = OrdersPerSecond(saturated) / 2;
        var pacedCount = Math.Max(1, (int)(rate * pacedFor.TotalSeconds));
        // The first side's tail (notifications, stock commits) is not the second side's load.
        await Settling.UntilQuietAsync(Orchestrator.SampledRoots);
        Console.WriteLine($"  then {pacedCount} orders over {pacedProducts.Count} other products at {rate:F1} orders/s (half that rate)");
        var (paced, pacedUsage) = await DriveAsync(pacedProducts, pacedCount, every: rate > 0 ? TimeSpan.FromSeconds(1 / rate) : null);

        var audit = await CheckoutAudit.RunAsync(
            [.. warm.Orders.Concat(saturated.Orders).Concat(paced.Orders).Select(o => o.Id)], orderDb, paymentDb, productDb, stockBefore);
        var driver = new CheckoutDriver(gateway, customers, products);
        var (saturatedWatched, pacedWatched) = (Watched(saturated), Watched(paced));
        saturated = saturated with { Orders = await driver.RereadUnfinishedAsync(saturated.Orders) };
        paced = paced with { Orders = await driver.RereadUnfinishedAsync(paced.Orders) };

        var (saturatedSide, saturatedStages) = await SideAsync("as fast as accepted", saturated, saturatedUsage, orderDb, paymentDb, warm.Took);
        var (pacedSide, pacedStages) = await SideAsync($"paced at {rate:F1} orders/s", paced, pacedUsage, orderDb, paymentDb, warm.Took);
        Console.WriteLine($"    audit: {audit}");

        var all = saturated.Orders.Concat(paced.Orders).ToList();
        var rejections = saturated.Rejections.Concat(paced.Rejections).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
        var rejected = rejections.Values.Sum();
        var notPaid = all.Where(o => o.FinalStatus != "Paid").GroupBy(o => o.FinalStatus).Select(g => $"{g.Count()} {g.Key}").ToList();
        var notes = new List<string>
        {
            $"Warm-up first, as for every other side: the same customers ordered as fast as accepted over {warmupProducts.Count} products of their own, in rounds of {warmup.RoundOf} orders, for at least {warmup.AtLeast.TotalSeconds:F0} s and then until three rounds in a row agreed within 10 % (at most {warmup.AtMost.TotalSeconds:F0} s): {warm.Orders.Count} orders in {warm.Took.TotalSeconds:F0} s, rounds at {warm.RoundRates} orders/s. A service just started compiles its hot code for the first minute or more of checkout (over 6,000 methods in 15 s in orders, measured with `dotnet-trace` 30 s into an unwarmed run), which is not the steady state a shop runs in. The warm-up orders are audited with the rest.",
            $"{customers.Count} customers, each placing its next order as soon as the previous one was accepted (201): {saturated.Orders.Count + saturated.Rejections.Values.Sum()} orders over {products.Count} products with stock. Then {paced.Orders.Count + paced.Rejections.Values.Sum()} more over {pacedProducts.Count} other products, the same customers together placing one order every {1000 / Math.Max(rate, 0.001):F0} ms (half the first side's rate), so time-to-Paid is also measured at a load the machine carries. Payment token `tok_visa` (the simulator pays, no added latency). Latency columns are **time-to-Paid** (from sending the POST to the `Paid` entry of the order's history), not request latency.",
            $"Each customer read its order list (`GET /api/orders?pageSize=100`) every 1.5 s (the pace at which the SPA's order page polls a pending order; one list read covers all of a customer's orders in flight), and read an order (`GET /api/orders/{{id}}`) once the list showed it final, for the moment it became Paid; an order not final 90 s after its POST was read once more after the audit: {all.Count(o => o.FinalStatus == "Paid")} Paid, {all.Count(o => o.FinalStatus != "Paid")} otherwise{(notPaid.Count == 0 ? "" : $" ({string.Join(", ", notPaid)})")}; rejected POSTs by status: {(rejected == 0 ? "none" : string.Join(", ", rejections.Select(r => $"{r.Value}× {r.Key}")))}.",
            $"Audit of the databases once settled (at most 60 s more), both sides together: {audit.OrdersStored} of {audit.Accepted} accepted orders stored in orderdb, **{audit.OrdersLost} lost**; **{audit.Unsettled} still not final**; {audit.SucceededCharges} succeeded simulator charges for {audit.SucceededPayments} succeeded payments, **{audit.DoubleCharges} double charges**; stock of the {stockBefore.Count} products fell by exactly the units of their paid orders for {stockBefore.Count - audit.StockMismatches} of them (**{audit.StockMismatches} mismatches**).",
            $"As fast as accepted: {saturatedStages}",
            $"Paced: {pacedStages}",
            $"The driver's runs took {saturated.Elapsed.TotalSeconds:F1} and {paced.Elapsed.TotalSeconds:F1} s (placing, then waiting for the last order). {saturated.Orders.Count - saturatedWatched + paced.Orders.Count - pacedWatched} orders were still moving when the 90 s watch gave up on them and were read again after the audit; throughput and time-to-Paid include them (the CPU columns cover the driver's runs only).",
        };
        return (new ScenarioResult("5. Checkout", "Customers signed in through the gateway place one-item orders concurrently; the simulator provider pays.", [saturatedSide, pacedSide], notes), audit);
    }

    private async Task<(CheckoutRun Run, IReadOnlyList<GroupUsage> Usage)> DriveAsync(IReadOnlyList<CatalogProduct> products, int orderCount, TimeSpan? every)
    {
        await using var sampler = ResourceSampler.Start(Orchestrator.SampledRoots);
        var run = await new CheckoutDriver(gateway, customers, products).RunAsync(orderCount, every);
        return (run, await sampler.StopAsync());
    }

    private sealed record Warm(IReadOnlyList<TrackedOrder> Orders, IReadOnlyList<double> Rates, TimeSpan Took)
    {
        public string RoundRates => string.Join(", ", Rates.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)));
    }

    private async Task<Warm> WarmUpAsync(IReadOnlyList<CatalogProduct> products, CheckoutWarmup warmup)
    {
        var clock = Stopwatch.StartNew();
        var orders = new List<TrackedOrder>();
        var rates = new List<double>();
        while (clock.Elapsed < warmup.AtMost)
        {
            var round = await new CheckoutDriver(gateway, customers, products).RunAsync(warmup.RoundOf);
            orders.AddRange(round.Orders);
            rates.Add(OrdersPerSecond(round));
            if (clock.Elapsed >= warmup.AtLeast && rates.Count >= 3 && rates[^3..].Min() >= 0.9 * rates[^3..].Max())
            {
                break;
            }
        }
        var warm = new Warm(orders, rates, clock.Elapsed);
        Console.WriteLine($"  warmed up with {orders.Count} orders in {warm.Took.TotalSeconds:F0} s: rounds at {warm.RoundRates} orders/s");
        return warm;
    }

    private static int Watched(CheckoutRun run) => run.Orders.Count(o => o.PaidAt is not null || o.FinalStatus is "Cancelled" or "Refunded");

    /// <summary>From the first POST to the last order's Paid: orders per second that completed the whole flow.</summary>
    private static double OrdersPerSecond(CheckoutRun run)
    {
        var paid = run.Orders.Where(o => o.PaidAt is not null).ToList();
        var window = paid.Count == 0 ? 0 : (paid.Max(o => o.PaidAt!.Value) - run.Orders.Min(o => o.SentAt)).TotalSeconds;
        return window == 0 ? 0 : paid.Count / window;
    }

    private static async Task<(SideResult Side, string Stages)> SideAsync(
        string name, CheckoutRun run, IReadOnlyList<GroupUsage> usage, string orderDb, string paymentDb, TimeSpan warmedFor)
    {
        var times = run.Orders.Where(o => o.SecondsToPaid is not null).Select(o => o.SecondsToPaid!.Value * 1000).Order().ToList();
        var rejected = run.Rejections.Values.Sum();
        var side = new SideResult(name, "POST /api/orders → Paid", OrdersPerSecond(run), "orders/s",
            Percentiles.Of(times, 50), Percentiles.Of(times, 95), Percentiles.Of(times, 99),
            rejected + run.Orders.Count - times.Count, rejected + run.Orders.Count, usage, warmedFor);
        var stages = await CheckoutStages.DescribeAsync(run.Orders, orderDb, paymentDb);
        Console.WriteLine($"    {name}: {stages}");
        Console.WriteLine($"    {name}: {side.Throughput:F1} orders/s, time-to-Paid p50 {side.P50Ms:F0} ms, p99 {side.P99Ms:F0} ms");
        return (side, stages);
    }
}
