using System.Net.Http.Json;

namespace Bychefiza.Bench.Scenarios;

internal sealed record CatalogProduct(Guid Id, int Stock);

/// <summary>The demo catalog the products service seeds on its first start (1,000 products).</summary>
internal static class Catalog
{
    private sealed record Page(List<CatalogProduct> Items, int TotalCount);

    public static async Task<IReadOnlyList<CatalogProduct>> AllAsync(HttpClient products)
    {
        var all = new List<CatalogProduct>();
        for (var page = 1; ; page++)
        {
            var body = await products.GetFromJsonAsync<Page>($"/api/products?page={page}&pageSize=100&sort=name");
            all.AddRange(body!.Items);
            if (body.Items.Count == 0 || all.Count >= body.TotalCount)
            {
                return all;
            }
        }
    }
}
