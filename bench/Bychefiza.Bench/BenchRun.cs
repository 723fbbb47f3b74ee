using System.Diagnostics;
using Bychefiza.Bench.Graph;
using Bychefiza.Bench.Load;
using Bychefiza.Bench.Measure;
using Bychefiza.Bench.Report;
using Bychefiza.Bench.Scenarios;

namespace Bychefiza.Bench;

/// <summary>
/// The whole benchmark: start the graph (timing it), measure it idle, then each scenario in turn,
/// stop it, make sure nothing outlives the bench, and write docs/performance.md.
/// </summary>
internal static class BenchRun
{
    public static async Task<int> RunAsync(BenchSettings settings, Repository repository, bool checkoutOnly = false, bool browseOnly = false)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        // Each step with the seconds since the start, so a slow quick run says where its time went.
        void Step(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,3:F0} s] {text}");
        // A scenario starts once the graph is quiet, so the previous one's leftovers are not measured with it.
        async Task ScenarioAsync(string title)
        {
            await Settling.UntilQuietAsync(Orchestrator.SampledRoots);
            Step(title);
        }
        var machine = Machine.Describe();
        var work = Directory.CreateTempSubdirectory("bychefiza-bench-");
        var graphProcesses = new HashSet<int>();
        BenchResults results;

        Step("Starting the graph (processes mode, no dashboard)");
        await using (var graph = await BenchGraph.StartAsync())
        {
            Console.WriteLine($"  all healthy after {graph.StartedIn.TotalSeconds:F1} s; idle for {settings.IdleSettle.TotalSeconds:F0} s");
            await Task.Delay(settings.IdleSettle);
            var footprint = new Footprint(graph.StartedIn, await IdleAsync());

            var products = graph.Endpoint("products");
            var gatewayUrl = graph.Endpoint("gateway");
            using var gateway = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = gatewayUrl,
                Timeout = TimeSpan.FromSeconds(30),
            };

            Step("Seeding: the demo catalog, customers");
            var catalog = await Scenarios.Catalog.AllAsync(gateway);
            var productIds = Path.Combine(work.FullName, "product-ids.txt");
            await File.WriteAllLinesAsync(productIds, catalog.Select(p => p.Id.ToString()));
            var customers = await Customers.RegisterAsync(gateway, settings.Customers);
            var emails = Path.Combine(work.FullName, "emails.txt");
            await File.WriteAllLinesAsync(emails, customers.Select(c => c.Email));

            if (checkoutOnly)
            {
                // For profiling the checkout flow: no wrk scenarios, no report.
                await ScenarioAsync("5. Checkout");
                var (only, _) = await new CheckoutScenario(graph, gateway, customers, catalog).RunAsync(settings.Orders, settings.PacedFor, settings.CheckoutWarmup);
                Print(only.Sides[0]);
                return 0;
            }

            var http = new HttpScenarios(new SideMeasurement(new Wrk(settings, repository)));
            await ScenarioAsync("1. Ceiling");
            var ceiling = await http.CeilingAsync();
            await ScenarioAsync("2. Browse");
            var browse = await http.BrowseAsync(products, gatewayUrl, productIds, sameTrafficFloor: !settings.Quick);
            if (browseOnly)
            {
                // For profiling the HTTP path: the two ratios the browse targets are about, no report.
                foreach (var side in ceiling.Sides.Concat(browse.Sides))
                {
                    Print(side);
                }
                Console.WriteLine($"  browse direct / bare Kestrel: {HttpScenarios.Percent(browse.Sides[0].Throughput, ceiling.Sides[0].Throughput)}; "
                    + $"through the gateway / bare YARP: {HttpScenarios.Percent(browse.Sides[1].Throughput, ceiling.Sides[1].Throughput)}");
                foreach (var note in browse.Notes)
                {
                    Console.WriteLine($"  {note}");
                }
                return 0;
            }
            await ScenarioAsync("3. Search");
            var search = await http.SearchAsync(products, gatewayUrl);
            await ScenarioAsync("4. Sign-in");
            var signIn = await http.SignInAsync(gatewayUrl, emails);
            await ScenarioAsync("5. Checkout");
            var (checkout, audit) = await new CheckoutScenario(graph, gateway, customers, catalog).RunAsync(settings.Orders, settings.PacedFor, settings.CheckoutWarmup);

            results = new BenchResults(settings, startedAt, TimeSpan.Zero, machine, Machine.LoadAverage(),
                [ceiling, browse, search, signIn, checkout], footprint, Targets.Check(ceiling, browse, checkout, audit, footprint));
            graphProcesses.UnionWith(ProcessTable.Descendants(ProcessTable.All(), Orchestrator.Pids()).Select(p => p.Pid));
            Step("Stopping the graph");
        }
        Step("Graph stopped");
        await EnsureNothingSurvivesAsync(graphProcesses);
        work.Delete(recursive: true);

        results = results with { Took = clock.Elapsed };
        var analysisFile = Path.Combine(repository.Path, "bench", "analysis.md");
        var analysis = File.Exists(analysisFile) ? await File.ReadAllTextAsync(analysisFile) : null;
        await File.WriteAllTextAsync(repository.PerformanceReport, PerformanceReport.Render(results, analysis));
        Console.WriteLine($"Wrote {repository.PerformanceReport} after {clock.Elapsed.TotalSeconds:F0} s");
        foreach (var target in results.Targets)
        {
            Console.WriteLine($"  {(target.Met ? "met " : "MISS")}  {target.Target}: {target.Measured}");
        }
        return 0;
    }

    /// <summary>A side's figures on the console, for the profiling modes that write no report.</summary>
    private static void Print(SideResult side)
    {
        Console.WriteLine($"  {side.Side}: {side.Throughput:F1} {side.Unit}, p50 {side.P50Ms:F2} ms, p99 {side.P99Ms:F2} ms, errors {side.ErrorsOfTotal}");
        foreach (var group in side.Usage.Where(g => g.Cores >= 0.02))
        {
            Console.WriteLine($"    {group.Group}: {group.Cores:F2} cores, peak {group.PeakRssBytes / 1048576} MB");
        }
    }

    /// <summary>Resident memory and CPU of every process of the graph, sampled for a few seconds without load.</summary>
    private static async Task<IReadOnlyList<GroupUsage>> IdleAsync()
    {
        await using var sampler = ResourceSampler.Start(Orchestrator.SampledRoots);
        await Task.Delay(TimeSpan.FromSeconds(3));
        return await sampler.StopAsync();
    }

    /// <summary>Aspire stops its processes on disposal; any still there after 30 s are killed by pid.</summary>
    private static async Task EnsureNothingSurvivesAsync(IReadOnlySet<int> pids)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var alive = ProcessTable.All().Where(p => pids.Contains(p.Pid)).ToList();
            if (alive.Count == 0)
            {
                return;
            }
            if (attempt == 59)
            {
                foreach (var process in alive)
                {
                    Console.WriteLine($"  killing leftover {process.Pid} {process.Name}");
                    try
                    {
                        Process.GetProcessById(process.Pid).Kill();
                    }
                    catch (ArgumentException)
                    {
                        // already gone
                    }
                }
            }
            await Task.Delay(500);
        }
    }
}
