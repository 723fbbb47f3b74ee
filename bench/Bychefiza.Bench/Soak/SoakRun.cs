using System.Diagnostics;
using Bychefiza.Bench.Graph;
using Bychefiza.Bench.Report;
using Bychefiza.Bench.Scenarios;

namespace Bychefiza.Bench.Soak;

/// <summary>
/// `./bychefiza soak --minutes N`: the whole graph under mixed browse, sign-in and checkout traffic
/// for N minutes while <see cref="FaultSchedule"/> kills and restarts its servers and services, then
/// the consistency audit. Fails (exit code 1) when an accepted order was lost or charged twice.
/// </summary>
internal static class SoakRun
{
    private const int Customers = 16;
    private const int CheckoutShoppers = 6;
    private const int OrdersPerRound = 30;

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        var startedAt = DateTimeOffset.UtcNow;
        Console.WriteLine($"Soak: {duration.TotalMinutes:F0} min on {Machine.Describe()}");
        Console.WriteLine("Starting the graph (processes mode, no dashboard)");
        // A soak runs for minutes on machines that may be busy: the graph gets longer than the bench's to come up.
        await using var graph = await BenchGraph.StartAsync(TimeSpan.FromMinutes(10));
        Console.WriteLine($"  all healthy after {graph.StartedIn.TotalSeconds:F1} s");

        // Through Aspire's proxy in front of the gateway: it stays at one address while processes restart.
        using var gateway = new HttpClient { BaseAddress = graph.Endpoint("gateway"), Timeout = TimeSpan.FromSeconds(30) };
        var catalog = await Scenarios.Catalog.AllAsync(gateway);
        var customers = await Scenarios.Customers.RegisterAsync(gateway, Customers);
        var random = new Random(12);
        var products = catalog.Where(p => p.Stock >= 100).OrderBy(_ => random.Next()).Take(50).ToList();
        var productDb = (await graph.ConnectionStringAsync("productdb"))!;
        var stockBefore = await CheckoutAudit.StockAsync(productDb, products.Select(p => p.Id));

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var traffic = new MixedTraffic(gateway, customers, catalog);
        var browsing = traffic.RunAsync(browsers: 4, signIns: 2, stop.Token);
        var checkout = CheckoutRoundsAsync(new CheckoutDriver(gateway, customers.Take(CheckoutShoppers).ToList(), products), stop.Token);
        var faults = new FaultSchedule(graph, gap: TimeSpan.FromSeconds(20), hold: TimeSpan.FromSeconds(10));
        Console.WriteLine($"Traffic and faults for {duration.TotalMinutes:F0} min");
        await faults.RunAsync(clock, duration);
        var remaining = duration - clock.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
        await stop.CancelAsync();
        await browsing;
        var rounds = await checkout;
        Console.WriteLine($"Traffic stopped after {clock.Elapsed.TotalSeconds:F0} s; auditing");

        var orders = rounds.SelectMany(r => r.Orders).ToList();
        var audit = await CheckoutAudit.RunAsync([.. orders.Select(o => o.Id)],
            (await graph.ConnectionStringAsync("orderdb"))!, (await graph.ConnectionStringAsync("paymentdb"))!, productDb, stockBefore);
        var events = await EventAudit.RunAsync(graph, gateway);

        var answers = traffic.Answers.ToDictionary();
        foreach (var (answer, count) in rounds.SelectMany(r => r.Rejections))
        {
            answers[answer] = answers.GetValueOrDefault(answer) + count;
        }
        answers["201"] = answers.GetValueOrDefault("201") + orders.Count;
        Print(startedAt, clock.Elapsed, faults, answers, orders, audit, events);
        return audit.OrdersLost == 0 && audit.DoubleCharges == 0 ? 0 : 1;
    }

    /// <summary>Rounds of the bench's checkout driver until stopped: each places its orders and watches them to final.</summary>
    private static async Task<List<CheckoutRun>> CheckoutRoundsAsync(CheckoutDriver driver, CancellationToken stop)
    {
        var rounds = new List<CheckoutRun>();
        while (!stop.IsCancellationRequested)
        {
            rounds.Add(await driver.RunAsync(OrdersPerRound));
        }
        return rounds;
    }

    private static void Print(
        DateTimeOffset startedAt, TimeSpan took, FaultSchedule faults, IReadOnlyDictionary<string, int> answers, IReadOnlyList<TrackedOrder> orders,
        CheckoutAuditResult audit, EventAuditResult events)
    {
        var served = answers.Where(a => a.Key != "no answer").Sum(a => a.Value);
        var serverErrors = answers.Where(a => a.Key.StartsWith('5')).Sum(a => a.Value);
        Console.WriteLine();
        Console.WriteLine($"Soak of {startedAt:yyyy-MM-dd HH:mm} UTC, traffic for {took.TotalSeconds:F0} s; load average now {Machine.LoadAverage()}");
        Console.WriteLine($"  requests served      {served} ({string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Value}× {a.Key}"))})");
        Console.WriteLine($"  5xx                  {serverErrors}");
        Console.WriteLine($"  faults injected      {faults.Injected.Count}");
        foreach (var (fault, at, recovered) in faults.Injected)
        {
            Console.WriteLine($"    {at:mm\\:ss} {fault.Name}; every resource healthy again after {recovered.TotalSeconds:F0} s");
        }
        Console.WriteLine($"  orders placed        {audit.Accepted} accepted ({string.Join(", ", orders.GroupBy(o => o.FinalStatus).Select(g => $"{g.Count()} {g.Key}"))})");
        Console.WriteLine($"  lost                 {audit.OrdersLost}");
        Console.WriteLine($"  double-charged       {audit.DoubleCharges} ({audit.SucceededCharges} succeeded charges, {audit.SucceededPayments} succeeded payments)");
        Console.WriteLine($"  not final            {audit.Unsettled}");
        Console.WriteLine($"  stock mismatches     {audit.StockMismatches}");
        Console.WriteLine($"  orders unknown to payments {events.OrdersWithoutPayment}");
        Console.WriteLine($"  outbox unsent        {string.Join(", ", events.UnsentOutbox.Select(o => $"{o.Key} {o.Value}"))}");
        Console.WriteLine($"  inbox rows           {string.Join(", ", events.InboxRows.Select(o => $"{o.Key} {o.Value}"))}");
        Console.WriteLine($"  dead letters         {string.Join(", ", events.DeadLetters.Select(o => $"{o.Key} {o.Value}"))}");
        Console.WriteLine(audit.OrdersLost == 0 && audit.DoubleCharges == 0 ? "PASS: no order lost, none charged twice" : "FAIL: orders lost or charged twice");
    }
}
