using Bychefiza.Bench.Ceiling;
using Bychefiza.Bench.Measure;
using Bychefiza.Bench.Report;

namespace Bychefiza.Bench.Scenarios;

/// <summary>The wrk scenarios: ceiling, browse, search, sign-in. Same wrk settings for all of them.</summary>
internal sealed class HttpScenarios(SideMeasurement measure)
{
    private const string BareProxyToProducts = "bare YARP → products";

    public async Task<ScenarioResult> CeilingAsync()
    {
        await using var pair = await CeilingPair.StartAsync();
        var direct = await measure.MeasureAsync("bare Kestrel", pair.Endpoint, "fixed.lua");
        var proxied = await measure.MeasureAsync("bare YARP → bare Kestrel", pair.Proxy, "fixed.lua");
        return new ScenarioResult("1. Ceiling",
            "A minimal Kestrel endpoint answering a fixed 1 KB JSON (the machine's limit for one HTTP hop), and the same endpoint behind YARP with one catch-all route and no features (the proxy's own floor). Both run while the graph is up and idle, as for the other scenarios.",
            [direct, proxied],
            [$"Bare YARP / bare Kestrel: {Percent(proxied.Throughput, direct.Throughput)}."]);
    }

    /// <param name="sameTrafficFloor">
    /// Also measure a bare YARP in front of products: the proxy's floor on the same traffic, so the
    /// report can tell the gateway's features from the cost of products' answers (a full run only).
    /// </param>
    public async Task<ScenarioResult> BrowseAsync(Uri products, Uri gateway, string productIdsFile, bool sameTrafficFloor)
    {
        // Every URL of browse.lua's hot set once, so neither side pays for filling the cache: a
        // short warm-up alone left misses for the first side measured.
        await PrimeBrowseCacheAsync(products, (await File.ReadAllLinesAsync(productIdsFile)).Take(200));
        var direct = await measure.MeasureAsync("direct to products", products, "browse.lua", productIdsFile);
        var proxied = await measure.MeasureAsync("through the gateway", gateway, "browse.lua", productIdsFile);
        List<SideResult> sides = [direct, proxied];
        List<string> notes = [];
        if (sameTrafficFloor)
        {
            await using var bare = await CeilingPair.StartProxyAsync(products, "/health");
            var floor = await measure.MeasureAsync(BareProxyToProducts, bare.Proxy, "browse.lua", productIdsFile);
            sides.Add(floor);
            notes.Add($"Through the gateway / {BareProxyToProducts}: {Percent(proxied.Throughput, floor.Throughput)}, the cost of the gateway's features "
                + $"on the same traffic. CPU per request: the gateway {proxied.MicrosecondsPerRequest("gateway"):F0} µs, the bare YARP {floor.MicrosecondsPerRequest(ServiceGroups.BareProxy):F0} µs; "
                + $"products {proxied.MicrosecondsPerRequest("products"):F0} and {floor.MicrosecondsPerRequest("products"):F0} µs behind them.");
        }
        return new ScenarioResult("2. Browse",
            "`GET /api/products?page=1..10&pageSize=20&sort=…` (60 %) and `GET /api/products/{id}` over 200 products (40 %), anonymous. Every URL of that set is fetched once before the warm-up, so the catalog's Redis cache answers every side."
            + (sameTrafficFloor ? " The third side is the ceiling's bare YARP in front of products instead of the gateway: no features, the same answers." : ""),
            sides, notes);
    }

    /// <summary>The same URLs browse.lua picks from: pages 1–10 in four sorts, the first 200 products.</summary>
    private static async Task PrimeBrowseCacheAsync(Uri products, IEnumerable<string> productIds)
    {
        using var client = new HttpClient { BaseAddress = products, Timeout = TimeSpan.FromSeconds(30) };
        var paths = (from page in Enumerable.Range(1, 10)
                     from sort in new[] { "name", "price", "-price", "newest" }
                     select $"/api/products?page={page}&pageSize=20&sort={sort}")
            .Concat(productIds.Select(id => $"/api/products/{id}"));
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, cancellationToken) =>
        {
            using var response = await client.GetAsync(path, cancellationToken);
            response.EnsureSuccessStatusCode();
        });
    }

    public async Task<ScenarioResult> SearchAsync(Uri products, Uri gateway)
    {
        var direct = await measure.MeasureAsync("direct to products", products, "search.lua");
        var proxied = await measure.MeasureAsync("through the gateway", gateway, "search.lua");
        return new ScenarioResult("3. Search",
            "`GET /api/products?search=…` with 25 terms (one misspelt, for the trigram fallback), four sorts, a random `maxPrice` (so nearly every query is a new cache key and goes to PostgreSQL), sometimes `inStock=true` and page 2.",
            [direct, proxied], []);
    }

    public async Task<ScenarioResult> SignInAsync(Uri gateway, string emailsFile)
    {
        var side = await measure.MeasureAsync("through the gateway", gateway, "login.lua", emailsFile, Customers.Password);
        return new ScenarioResult("4. Sign-in",
            "`POST /api/auth/login` over the bench's registered customers. Each sign-in verifies a password hash (ASP.NET Core Identity's PBKDF2) and stores a refresh token; the hash dominates, so the auth service's CPU is the limit.",
            [side], side.Total == 0 ? ["No sign-in completed within the measured window: with every connection waiting on a password hash, each answer took longer than the run."] : []);
    }

    public static string Percent(double part, double whole) => whole == 0 ? "n/a" : $"{part / whole * 100:F0} %";
}
