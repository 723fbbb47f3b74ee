using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>Shoppers browse the demo catalog anonymously through the gateway.</summary>
[Collection(GraphCollection.Name)]
public sealed class CatalogBrowsingTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_search_ranks_the_closest_name_first_and_survives_a_typo()
    {
        using var gateway = fixture.Graph.Client("gateway");

        var exact = await Catalog.SearchAsync(gateway, "search=running%20shoe");
        var typo = await Catalog.SearchAsync(gateway, "search=runing%20shoe");

        Assert.Equal("Trail Running Shoe", exact.Items[0].Name);
        Assert.Equal("Trail Running Shoe", typo.Items[0].Name);
    }

    [Fact]
    public async Task Filters_and_a_sort_combine()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var outdoors = await Catalog.CategoryIdAsync(gateway, "sports-outdoors");
        var leaves = await LeafIdsAsync(gateway, "sports-outdoors");

        var page = await Catalog.SearchAsync(gateway, $"category={outdoors}&minPrice=50&maxPrice=120&inStock=true&sort=-price&pageSize=100");

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, p =>
        {
            Assert.Contains(p.CategoryId, leaves);
            Assert.InRange(p.Price, 50m, 120m);
            Assert.True(p.Stock > 0);
        });
        Assert.Equal(page.Items.Select(p => p.Price).OrderDescending(), page.Items.Select(p => p.Price));
    }

    [Fact]
    public async Task Pages_cover_every_match_once_and_agree_on_the_total()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var cameras = await Catalog.CategoryIdAsync(gateway, "cameras");

        var first = await Catalog.SearchAsync(gateway, $"category={cameras}&sort=name&pageSize=7");
        var seen = new List<Guid>();
        for (var page = 1; page <= (first.TotalCount + 6) / 7; page++)
        {
            var items = (await Catalog.SearchAsync(gateway, $"category={cameras}&sort=name&pageSize=7&page={page}")).Items;
            seen.AddRange(items.Select(p => p.Id));
        }

        Assert.InRange(first.TotalCount, 8, 1000);
        Assert.Equal(first.TotalCount, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("sort=relevance", "sort")]
    [InlineData("minPrice=50&maxPrice=10", "maxPrice")]
    public async Task Bad_queries_get_field_errors(string query, string field)
    {
        using var gateway = fixture.Graph.Client("gateway");

        using var response = await gateway.GetAsync($"/api/products?{query}", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_product_has_its_fields_and_a_generated_image()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var listed = (await Catalog.SearchAsync(gateway, "search=running%20shoe")).Items[0];

        var product = await Catalog.GetAsync(gateway, listed.Id);
        using var image = await gateway.GetAsync(product!.ImageUrl, Cancellation);
        using var missing = await gateway.GetAsync($"/api/products/{Guid.NewGuid()}", Cancellation);

        Assert.Equal("USD", product.Currency);
        Assert.Equal(129.99m, product.Price);
        Assert.StartsWith("RUN-", product.Sku, StringComparison.Ordinal);
        Assert.Equal("image/svg+xml", image.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await image.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_category_tree_counts_each_branchs_products()
    {
        using var gateway = fixture.Graph.Client("gateway");

        var tree = await gateway.GetFromJsonAsync<JsonElement>("/api/categories", Cancellation);

        var all = Catalog.Flatten(tree).ToList();
        Assert.True(all.Count >= 20);
        var outdoors = all.Single(c => c.GetProperty("slug").GetString() == "sports-outdoors");
        var children = outdoors.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(["camping", "cycling", "hiking", "running"], children.Select(c => c.GetProperty("slug").GetString()).Order());
        Assert.Equal(children.Sum(c => c.GetProperty("productCount").GetInt32()), outdoors.GetProperty("productCount").GetInt32());
        Assert.True(tree.EnumerateArray().Sum(c => c.GetProperty("productCount").GetInt32()) >= 1000);
    }

    private static async Task<List<int>> LeafIdsAsync(HttpClient gateway, string slug)
    {
        var tree = await gateway.GetFromJsonAsync<JsonElement>("/api/categories", Cancellation);
        var branch = Catalog.Flatten(tree).Single(c => c.GetProperty("slug").GetString() == slug);
        return [.. Catalog.Flatten(branch.GetProperty("children")).Select(c => c.GetProperty("id").GetInt32())];
    }
}
