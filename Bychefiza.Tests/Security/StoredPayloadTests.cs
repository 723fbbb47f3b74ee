using System.Net;
using System.Text.Json;
using Bychefiza.Tests.Integration;
using Bychefiza.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bychefiza.Tests.Security;

/// <summary>
/// SQL and script payloads typed into every free-text field are kept as text: stored and read back byte
/// for byte, found by search without breaking the query, and shown by the SPA as text, never run.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class StoredPayloadTests(GraphFixture fixture, Browser browser) : IClassFixture<Browser>
{
    private TestGraph Graph => fixture.Graph;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public const string ImageXss = "<img src=x onerror=window.__xss=1>";

    /// <summary>Short enough for every field's limit; none uses a control character, which fields refuse.</summary>
    public static readonly string[] Payloads =
    [
        ImageXss,
        "<script>window.__xss=1</script>",
        "'; DROP TABLE \"Products\"; --",
        "' OR '1'='1",
        "%_\\' UNION SELECT 1--",
        "{{constructor.constructor('window.__xss=1')()}}",
        "\"><svg onload=window.__xss=1>",
    ];

    [Fact]
    public async Task Sql_and_script_payloads_in_every_text_field_are_stored_as_typed()
    {
        using var gateway = Graph.Client("gateway");
        var admin = await Graph.AdminAccessTokenAsync(gateway);
        var customer = await People.RegisteredAsync(gateway);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var category = await TestProducts.CategoryAsync(productDb);
        var countBefore = (await Catalog.SearchAsync(gateway, "")).TotalCount;

        foreach (var payload in Payloads)
        {
            var product = await Catalog.CreateAsync(gateway, admin, category, name: payload);
            using (var described = await Accounts.SendAsync(gateway, HttpMethod.Put, $"/api/products/{product.Id}", admin, new
                   {
                       sku = product.Sku, name = payload, description = payload + " " + payload, categoryId = category, price = 20m, currency = "USD", stock = 5, version = product.Version,
                   }))
            {
                Assert.Equal(HttpStatusCode.OK, described.StatusCode);
            }
            var stored = (await Catalog.GetAsync(gateway, product.Id))!;
            Assert.Equal(payload, stored.Name);
            Assert.Equal(payload + " " + payload, stored.Description);
            // The placeholder picture is an SVG drawn from the name: opened on its own, markup in it would run.
            var picture = await gateway.GetStringAsync($"/api/products/{product.Id}/image", Cancellation);
            Assert.DoesNotContain(payload, picture, StringComparison.Ordinal);

            // Searching for the payload is a search, not a query of its own.
            using var search = await gateway.GetAsync($"/api/products?search={Uri.EscapeDataString(payload)}&pageSize=100", Cancellation);
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);

            using var profile = await Accounts.SendAsync(gateway, HttpMethod.Put, "/api/users/me", customer.AccessToken, new { displayName = payload, bio = payload });
            var shown = await People.ReadAsync<ProfileBody>(profile, HttpStatusCode.OK);
            Assert.Equal((payload, payload), (shown.DisplayName, shown.Bio));
            Assert.Equal((payload, payload), ((await People.ProfileAsync(gateway, customer.AccessToken))!.DisplayName, (await People.ProfileAsync(gateway, customer.AccessToken))!.Bio));

            using var address = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/users/me/addresses", customer.AccessToken,
                new { label = payload, fullName = payload, line1 = payload, line2 = payload, city = payload, postalCode = "10115", country = "DE" });
            var added = await People.ReadAsync<AddressBody>(address, HttpStatusCode.Created);
            var readBack = await People.GetAsync<AddressBody>(gateway, $"/api/users/me/addresses/{added.Id}", customer.AccessToken);
            Assert.Equal([payload, payload, payload, payload, payload], new[] { readBack.Label, readBack.FullName, readBack.Line1, readBack.Line2, readBack.City });
            using (var removed = await Accounts.SendAsync(gateway, HttpMethod.Delete, $"/api/users/me/addresses/{added.Id}", customer.AccessToken))
            {
                Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
            }

            using var shelf = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/categories", admin, new { name = payload, slug = $"p-{Guid.NewGuid():N}"[..20] });
            Assert.Equal(payload, (await People.ReadAsync<JsonElement>(shelf, HttpStatusCode.Created)).GetProperty("name").GetString());
        }

        // Every product the payloads made is there, and no other was lost or added by them.
        Assert.Equal(countBefore + Payloads.Length, (await Catalog.SearchAsync(gateway, "")).TotalCount);
    }

    [Fact]
    public async Task A_product_named_with_markup_shows_as_text_and_its_script_never_runs()
    {
        using var gateway = Graph.Client("gateway");
        var admin = await Graph.AdminAccessTokenAsync(gateway);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var word = $"xss{Guid.NewGuid():N}"[..12];
        var product = await Catalog.CreateAsync(gateway, admin, await TestProducts.CategoryAsync(productDb), name: $"{ImageXss} {word}");
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = Graph.Endpoint("web").ToString().TrimEnd('/') });
        try
        {
            context.SetDefaultTimeout(30_000);
            var page = await context.NewPageAsync();

            await page.GotoAsync($"/products/{product.Id}");
            await Expect(page.GetByText($"{ImageXss} {word}").First).ToBeVisibleAsync();
            await page.GotoAsync($"/?search={word}");
            await Expect(page.GetByText($"{ImageXss} {word}").First).ToBeVisibleAsync();

            Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
            Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
