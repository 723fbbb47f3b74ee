using Bychefiza.Bench.Ceiling;
using Bychefiza.Bench.Report;

namespace Bychefiza.Bench.Scenarios;

/// <summary>The wrk scenarios: ceiling, browse, search, sign-in. Same wrk settings for all of them.</summary>
internal sealed class HttpScenarios(SideMeasurement measure)
{
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

    public async Task<ScenarioResult> BrowseAsync(Uri products, Uri gateway, string productIdsFile)
    {
        // Every URL of browse.lua's hot set once, so neither side pays for filling the cache: a
        // short warm-up alone left misses for the first side measured.
        await PrimeBrowseCacheAsync(products, (await File.ReadAllLinesAsync(productIdsFile)).Take(200));
        var direct = await measure.MeasureAsync("direct to products", products, "browse.lua", productIdsFile);
        var proxied = await measure.MeasureAsync("through the gateway", gateway, "browse.lua", productIdsFile);
        return new ScenarioResult("2. Browse",
            "`GET /api/products?page=1..10&pageSize=20&sort=…` (60 %) and `GET /api/products/{id}` over 200 products (40 %), anonymous. Every URL of that set is fetched once before the warm-up, so the catalog's Redis cache answers both sides.",
            [direct, proxied], []);
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
