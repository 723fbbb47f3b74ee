using Bychefiza.Bench.Measure;
using Bychefiza.Bench.Scenarios;

namespace Bychefiza.Bench.Report;

/// <summary>The targets for this 2-core machine, each checked against figures of the same run.</summary>
internal static class Targets
{
    public static IReadOnlyList<TargetCheck> Check(
        ScenarioResult ceiling, ScenarioResult browse, ScenarioResult checkout, CheckoutAuditResult audit, Footprint footprint)
    {
        var (kestrel, yarp) = (ceiling.Sides[0], ceiling.Sides[1]);
        var (direct, gateway) = (browse.Sides[0], browse.Sides[1]);
        var orders = checkout.Sides[0];
        var ours = footprint.Idle.Where(u => ServiceGroups.Services.Contains(u.Group)).Sum(u => u.PeakRssBytes);
        return
        [
            new("Browse direct to products ≥ 50 % of bare Kestrel",
                $"{direct.Throughput:F0} / {kestrel.Throughput:F0} req/s = {HttpScenarios.Percent(direct.Throughput, kestrel.Throughput)}",
                direct.Throughput >= 0.5 * kestrel.Throughput),
            new("Browse through the gateway ≥ 60 % of bare YARP",
                $"{gateway.Throughput:F0} / {yarp.Throughput:F0} req/s = {HttpScenarios.Percent(gateway.Throughput, yarp.Throughput)}",
                gateway.Throughput >= 0.6 * yarp.Throughput),
            new("Browse through the gateway p99 < 50 ms", $"{gateway.P99Ms:F1} ms", gateway.P99Ms < 50),
            new("Checkout ≥ 150 orders/s to Paid", $"{orders.Throughput:F1} orders/s", orders.Throughput >= 150),
            // Judged on the saturated side, as the target pairs it with 150 orders/s; the paced side is shown beside it.
            new("Checkout time-to-Paid p99 < 1 s", $"{orders.P99Ms:F0} ms as fast as accepted"
                + (checkout.Sides.Count > 1 ? $"; {checkout.Sides[1].P99Ms:F0} ms {checkout.Sides[1].Side}" : ""), orders.P99Ms < 1000),
            new("Checkout: nothing lost, no double charge, stock consistent",
                $"{audit.OrdersLost} lost, {audit.Unsettled} not final after 60 s, {audit.DoubleCharges} double charges, {audit.StockMismatches} stock mismatches", audit.Clean),
            new("Idle footprint of our services < 1.5 GB", PerformanceReport.Mb(ours), ours < 1.5 * 1024 * 1024 * 1024),
            new("Warm start to all healthy < 30 s", $"{footprint.UpToHealthy.TotalSeconds:F1} s", footprint.UpToHealthy < TimeSpan.FromSeconds(30)),
        ];
    }
}
