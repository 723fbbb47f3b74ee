using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Messaging;
using Bychefiza.Messaging.Events;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>Admins manage products, categories and promotions; shoppers see every change at once.</summary>
[Collection(GraphCollection.Name)]
public sealed class CatalogAdminTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_admins_write_the_catalog()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (_, customer) = await Accounts.SignedInCustomerAsync(gateway);
        var body = new { sku = Catalog.NewSku(), name = "Forbidden", categoryId = 2, price = 1m };

        using var anonymous = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/products", null, body);
        using var asCustomer = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/products", customer.AccessToken, body);
        using var atTheService = await Accounts.SendAsync(fixture.Graph.Client("products"), HttpMethod.Post, "/api/products", customer.AccessToken, body);
        using var promotions = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/promotions", customer.AccessToken);
        using var category = await Accounts.SendAsync(gateway, HttpMethod.Delete, "/api/categories/2", customer.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, atTheService.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, promotions.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, category.StatusCode);
    }

    [Fact]
    public async Task An_update_is_seen_at_once_and_a_stale_version_is_a_conflict()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        var product = await Catalog.CreateAsync(gateway, admin, await Catalog.CategoryIdAsync(gateway, "audio"), price: 80m);
        await using var broker = await Broker.ConnectAsync(fixture.Graph, Cancellation);
        var priceChanges = await broker.SubscribeAsync(EventNames.Of<ProductPriceChanged>(), Cancellation);
        Assert.Equal(80m, (await Catalog.GetAsync(gateway, product.Id))!.Price); // now in the cache

        using var updated = await UpdateAsync(gateway, admin, product, price: 64.50m, version: product.Version);
        using var stale = await UpdateAsync(gateway, admin, product, price: 99m, version: product.Version);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(64.50m, (await Catalog.GetAsync(gateway, product.Id))!.Price);
        var published = await Poll.UntilAsync(
            async () => await broker.GetAsync(priceChanges, Cancellation) is { } message
                ? EventJson.Deserialize(typeof(ProductPriceChanged), message.Body.Span) as ProductPriceChanged
                : null,
            change => change?.ProductId == product.Id, TimeSpan.FromSeconds(30), "a ProductPriceChanged for the product");
        Assert.Equal((80m, 64.50m), (published!.OldPrice, published.NewPrice));
    }

    [Fact]
    public async Task Bad_products_get_field_errors_and_a_taken_sku_is_a_conflict()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        var existing = await Catalog.CreateAsync(gateway, admin, await Catalog.CategoryIdAsync(gateway, "audio"));

        using var bad = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/products", admin,
            new { sku = "x", name = "", categoryId = 999_999, price = 10.001m, currency = "XXX" });
        using var taken = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/products", admin,
            new { sku = existing.Sku, name = "Copy", categoryId = existing.CategoryId, price = 1m });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.All(new[] { "sku", "name", "categoryId", "currency" }, field => Assert.True(errors.TryGetProperty(field, out _), field));
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task Stock_changes_show_and_archived_products_leave_the_shop()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        var name = $"Archivable Lamp {Guid.NewGuid():N}"[..28];
        var product = await Catalog.CreateAsync(gateway, admin, await Catalog.CategoryIdAsync(gateway, "smart-home"), name: name);
        Assert.Single((await Catalog.SearchAsync(gateway, $"search={Uri.EscapeDataString(name)}")).Items);

        using var restocked = await Accounts.SendAsync(gateway, HttpMethod.Put, $"/api/products/{product.Id}/stock", admin, new { stock = 321 });
        using var negative = await Accounts.SendAsync(gateway, HttpMethod.Put, $"/api/products/{product.Id}/stock", admin, new { stock = -1 });
        Assert.Equal(HttpStatusCode.OK, restocked.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(321, (await Catalog.GetAsync(gateway, product.Id))!.Stock);

        using var archived = await Accounts.SendAsync(gateway, HttpMethod.Delete, $"/api/products/{product.Id}", admin);
        Assert.Equal(HttpStatusCode.NoContent, archived.StatusCode);
        Assert.Null(await Catalog.GetAsync(gateway, product.Id));
        Assert.Empty((await Catalog.SearchAsync(gateway, $"search={Uri.EscapeDataString(name)}")).Items);
    }

    [Fact]
    public async Task A_category_in_use_cannot_be_deleted_and_an_empty_one_can()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        var parent = await Catalog.CategoryIdAsync(gateway, "fashion");
        var slug = $"test-{Guid.NewGuid():N}"[..20];

        using var created = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/categories", admin, new { name = "Test Shelf", slug, parentId = parent });
        using var duplicate = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/categories", admin, new { name = "Again", slug });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetInt32();
        using var cycle = await Accounts.SendAsync(gateway, HttpMethod.Put, $"/api/categories/{parent}", admin, new { name = "Fashion", slug = "fashion", parentId = id });
        using var inUse = await Accounts.SendAsync(gateway, HttpMethod.Delete, $"/api/categories/{await Catalog.CategoryIdAsync(gateway, "bags")}", admin);
        using var deleted = await Accounts.SendAsync(gateway, HttpMethod.Delete, $"/api/categories/{id}", admin);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task A_promotion_on_a_parent_category_prices_its_products_until_it_is_deleted()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        var slug = $"promo-{Guid.NewGuid():N}"[..20];
        using var shelf = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/categories", admin, new { name = "Promo Shelf", slug });
        var parent = (await shelf.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetInt32();
        using var child = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/categories", admin, new { name = "Promo Child", slug = slug + "-c", parentId = parent });
        var childId = (await child.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetInt32();
        var product = await Catalog.CreateAsync(gateway, admin, childId, price: 19.99m);
        Assert.Null((await Catalog.GetAsync(gateway, product.Id))!.SalePrice);

        var now = DateTimeOffset.UtcNow;
        using var quarterOff = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/promotions", admin,
            new { name = "Quarter off", percentOff = 25m, categoryId = parent, startsAt = now.AddMinutes(-1), endsAt = now.AddHours(1) });
        using var sixOff = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/promotions", admin,
            new { name = "Six off", amountOff = 6m, productIds = new[] { product.Id }, startsAt = now.AddMinutes(-1), endsAt = now.AddHours(1) });
        using var both = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/promotions", admin,
            new { name = "Both", percentOff = 10m, amountOff = 1m, categoryId = parent, startsAt = now, endsAt = now.AddHours(1) });
        Assert.Equal(HttpStatusCode.Created, quarterOff.StatusCode);
        Assert.Equal(HttpStatusCode.Created, sixOff.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);

        // The best applies: 19.99 − 6 = 13.99 beats 19.99 × 0.75 = 14.9925 → 14.99.
        Assert.Equal(13.99m, (await Catalog.GetAsync(gateway, product.Id))!.SalePrice);
        await DeletePromotionAsync(gateway, admin, sixOff);
        Assert.Equal(14.99m, (await Catalog.GetAsync(gateway, product.Id))!.SalePrice);
        await DeletePromotionAsync(gateway, admin, quarterOff);
        Assert.Null((await Catalog.GetAsync(gateway, product.Id))!.SalePrice);
    }

    private static async Task DeletePromotionAsync(HttpClient gateway, string admin, HttpResponseMessage created)
    {
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid();
        using var deleted = await Accounts.SendAsync(gateway, HttpMethod.Delete, $"/api/promotions/{id}", admin);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    private static Task<HttpResponseMessage> UpdateAsync(HttpClient gateway, string admin, ProductResponse product, decimal price, uint version) =>
        Accounts.SendAsync(gateway, HttpMethod.Put, $"/api/products/{product.Id}", admin, new
        {
            sku = product.Sku, name = product.Name, description = product.Description, categoryId = product.CategoryId, price, currency = product.Currency, version,
        });
}
