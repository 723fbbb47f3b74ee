using System.Collections.Concurrent;
using System.Net.Http.Json;
using Bychefiza.Bench.Scenarios;

namespace Bychefiza.Bench.Soak;

/// <summary>
/// Shoppers browsing (a catalog page, then a product) and signing in, side by side until stopped,
/// a short pause between requests; every answer counted by status (or "no answer").
/// </summary>
internal sealed class MixedTraffic(HttpClient gateway, IReadOnlyList<Customer> customers, IReadOnlyList<CatalogProduct> catalog)
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<string, int> _answers = new();

    /// <summary>Answers by status code, or "no answer" for a request that failed or timed out.</summary>
    public IReadOnlyDictionary<string, int> Answers => _answers;

    public Task RunAsync(int browsers, int signIns, CancellationToken stop) =>
        Task.WhenAll([
            .. Enumerable.Range(0, browsers).Select(i => LaneAsync(new Random(i), BrowseAsync, stop)),
            .. Enumerable.Range(0, signIns).Select(i => LaneAsync(new Random(1000 + i), SignInAsync, stop)),
        ]);

    private async Task LaneAsync(Random random, Func<Random, Task<HttpResponseMessage>> request, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await request(random);
                Count(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Count("no answer");
            }
            await Task.Delay(Pause, CancellationToken.None);
        }
    }

    private async Task<HttpResponseMessage> BrowseAsync(Random random)
    {
        using (var page = await gateway.GetAsync($"/api/products?page={random.Next(1, 20)}&pageSize=20"))
        {
            Count(((int)page.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return await gateway.GetAsync($"/api/products/{catalog[random.Next(catalog.Count)].Id}");
    }

    private Task<HttpResponseMessage> SignInAsync(Random random) =>
        gateway.PostAsJsonAsync("/api/auth/login", new { email = customers[random.Next(customers.Count)].Email, password = Customers.Password });

    private void Count(string answer) => _answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
}
