using System.Net.Http.Json;
using System.Text.Json;

namespace Bychefiza.Tests.Support;

public sealed record ProductResponse(
    Guid Id, string Sku, string Name, string Description, int CategoryId, decimal Price, decimal? SalePrice, string Currency,
    int Stock, string ImageUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version);

public sealed record ProductPageResponse(List<ProductResponse> Items, int Page, int PageSize, int TotalCount);

/// <summary>The catalog through the public API: products made by the admin, each with a SKU of its own.</summary>
public static class Catalog
{
    public static string NewSku() => $"T-{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    public static async Task<ProductPageResponse> SearchAsync(HttpClient gateway, string query) =>
        (await gateway.GetFromJsonAsync<ProductPageResponse>($"/api/products?{query}", TestContext.Current.CancellationToken))!;

    public static async Task<ProductResponse?> GetAsync(HttpClient gateway, Guid id)
    {
        using var response = await gateway.GetAsync($"/api/products/{id}", TestContext.Current.CancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ProductResponse>(TestContext.Current.CancellationToken) : null;
    }

    /// <summary>The id of the demo category with this slug, found in the public tree.</summary>
    public static async Task<int> CategoryIdAsync(HttpClient gateway, string slug)
    {
        var tree = await gateway.GetFromJsonAsync<JsonElement>("/api/categories", TestContext.Current.CancellationToken);
        return Flatten(tree).Single(c => c.GetProperty("slug").GetString() == slug).GetProperty("id").GetInt32();
    }

    public static IEnumerable<JsonElement> Flatten(JsonElement nodes) =>
        nodes.EnumerateArray().SelectMany(node => Flatten(node.GetProperty("children")).Prepend(node));

    public static async Task<ProductResponse> CreateAsync(HttpClient gateway, string adminToken, int categoryId, decimal price = 20m, int stock = 5, string? name = null)
    {
        using var created = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/products", adminToken,
            new { sku = NewSku(), name = name ?? $"Test Widget {Guid.NewGuid():N}"[..24], description = "Made by a test.", categoryId, price, currency = "USD", stock });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<ProductResponse>(TestContext.Current.CancellationToken))!;
    }
}
