using System.Net;
using System.Text.RegularExpressions;
using Bychefiza.Tests.Integration;
using Bychefiza.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bychefiza.Tests.EndToEnd;

/// <summary>
/// The SPA in a real browser (Debian Chromium through Playwright) against the full graph: the web host,
/// the gateway and every service. Screenshots of the main pages go to .bychefiza/test-results/screenshots.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed partial class ShopTests(GraphFixture fixture, Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private static readonly TimeSpan Settles = Shop.Settles;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private readonly List<IBrowserContext> _contexts = [];

    private TestGraph Graph => fixture.Graph;

    private Uri ShopUrl => Graph.Endpoint("web");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    private async Task<IPage> PageAsync(int width = 1280)
    {
        var page = await browser.NewPageAsync(ShopUrl, width);
        _contexts.Add(page.Context);
        return page;
    }

    [Fact]
    public async Task A_new_customer_registers_verifies_searches_buys_two_products_with_a_test_card_and_sees_the_order_paid()
    {
        var word = $"kettle{Guid.NewGuid():N}"[..14];
        using var gateway = Graph.Client("gateway");
        var admin = await Graph.AdminAccessTokenAsync(gateway);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var category = await TestProducts.CategoryAsync(productDb);
        await Catalog.CreateAsync(gateway, admin, category, price: 12.50m, stock: 5, name: $"{word} Alpha");
        await Catalog.CreateAsync(gateway, admin, category, price: 30m, stock: 5, name: $"{word} Beta");
        var page = await PageAsync();
        var orderBodies = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/orders", StringComparison.Ordinal) && request.PostData is { } body)
            {
                orderBodies.Add(body);
            }
        };
        var email = Accounts.NewEmail();

        await page.GotoAsync("/register");
        await page.GetByLabel("Name").FillAsync("Ada Shopper");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Accounts.Password);
        await Browser.ScreenshotAsync(page, "register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();

        var token = await Graph.Mailbox.TokenAsync(email, "verify-email");
        await page.GotoAsync($"/verify-email?token={Uri.EscapeDataString(token)}");
        await Expect(page.GetByTestId("verified")).ToBeVisibleAsync();
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);

        await SignInAsync(page, email, Accounts.Password);

        await page.GotoAsync("/");
        await page.GetByLabel("Search products").FillAsync(word);
        await Expect(page.GetByTestId("product-card")).ToHaveCountAsync(2);
        Assert.Contains($"search={word}", page.Url, StringComparison.Ordinal);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("product-card")).ToHaveCountAsync(2);
        await Expect(page.GetByLabel("Search products")).ToHaveValueAsync(word);
        await Browser.ScreenshotAsync(page, "catalog-search");

        foreach (var name in new[] { $"{word} Alpha", $"{word} Beta" })
        {
            await page.GotoAsync($"/?search={word}");
            await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            await Expect(page.GetByText("Added to your cart.")).ToBeVisibleAsync();
        }
        await Browser.ScreenshotAsync(page, "product");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("cart-count")).ToHaveTextAsync("2");

        await page.GotoAsync("/cart");
        await Expect(page.GetByTestId("cart-line")).ToHaveCountAsync(2);
        await Browser.ScreenshotAsync(page, "cart");
        await page.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await FillAddressAndCardAsync(page, "4242 4242 4242 4242");
        await Browser.ScreenshotAsync(page, "checkout");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await page.WaitForURLAsync(OrderPath());
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Paid", new() { Timeout = (float)Settles.TotalMilliseconds });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{word} Alpha" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{word} Beta" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "order-paid");

        // The card went to the simulator's tokenizer only; the order carried its token.
        var placed = Assert.Single(orderBodies);
        Assert.DoesNotContain("4242", placed, StringComparison.Ordinal);
        Assert.Contains("\"paymentToken\":\"tok_visa\"", placed, StringComparison.Ordinal);

        await page.GotoAsync("/orders");
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Paid");
        await Browser.ScreenshotAsync(page, "orders");
    }

    [Fact]
    public async Task A_guest_cart_joins_the_account_on_sign_in_and_follows_the_shopper_to_another_device()
    {
        using var gateway = Graph.Client("gateway");
        var admin = await Graph.AdminAccessTokenAsync(gateway);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var name = $"Teapot {Guid.NewGuid():N}"[..20];
        var product = await Catalog.CreateAsync(gateway, admin, await TestProducts.CategoryAsync(productDb), price: 18m, stock: 5, name: name);
        var person = await People.RegisteredAsync(gateway);

        var laptop = await PageAsync();
        await laptop.GotoAsync($"/products/{product.Id}");
        await laptop.GetByLabel("Quantity").FillAsync("2");
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(laptop.GetByTestId("cart-count")).ToHaveTextAsync("2");
        await SignInAsync(laptop, person.Email, Accounts.Password);
        await Poll.UntilAsync(() => People.GetAsync<CartBody>(gateway, "/api/users/me/cart", person.AccessToken),
            cart => cart.Lines.Any(l => l.ProductId == product.Id && l.Quantity == 2), Settles, "the guest cart on the account");

        var phone = await PageAsync(width: 375);
        await SignInAsync(phone, person.Email, Accounts.Password);
        await Expect(phone.GetByTestId("cart-count")).ToHaveTextAsync("2");
        await phone.GotoAsync("/cart");
        await Expect(phone.GetByTestId("cart-line")).ToContainTextAsync(name);
        await Browser.ScreenshotAsync(phone, "cart-on-another-device");
    }

    [Fact]
    public async Task A_declined_card_shows_a_clear_message_and_the_order_cancelled()
    {
        using var gateway = Graph.Client("gateway");
        var admin = await Graph.AdminAccessTokenAsync(gateway);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Catalog.CreateAsync(gateway, admin, await TestProducts.CategoryAsync(productDb), price: 9.99m, stock: 3);
        var email = Accounts.NewEmail();
        (await Accounts.RegisterAsync(gateway, email)).EnsureSuccessStatusCode();
        var page = await PageAsync();

        await SignInAsync(page, email, Accounts.Password);
        await page.GotoAsync($"/products/{product.Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await page.GotoAsync("/checkout");
        await FillAddressAndCardAsync(page, "4000 0000 0000 0002");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await page.WaitForURLAsync(OrderPath());
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Cancelled", new() { Timeout = (float)Settles.TotalMilliseconds });
        await Expect(page.GetByTestId("decline-message")).ToContainTextAsync("declined");
        await Browser.ScreenshotAsync(page, "order-declined");
    }

    [Fact]
    public async Task An_admin_creates_a_product_that_a_shopper_then_finds_on_a_phone_sized_screen()
    {
        using var gateway = Graph.Client("gateway");
        var category = await CategoryAsync(gateway, await Graph.AdminAccessTokenAsync(gateway));
        var name = $"teapot{Guid.NewGuid():N}"[..14];
        var admin = await PageAsync();

        await SignInAsync(admin, Graph.AdminEmail, Graph.AdminPassword);
        await admin.GotoAsync("/admin");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Expect(admin.Locator(".recharts-surface").First).ToBeVisibleAsync();
        // The admin's own session is live, so the dashboard's count of sessions cannot be zero.
        await Expect(admin.GetByTestId("active-now")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"));
        await Expect(admin.GetByRole(AriaRole.Img, new() { Name = "Active users per hour" })).ToBeVisibleAsync();
        await Expect(admin.GetByText("Loading…")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(admin, "admin-dashboard");

        await admin.GotoAsync("/admin/products");
        await admin.GetByRole(AriaRole.Button, new() { Name = "New product" }).ClickAsync();
        var form = admin.GetByRole(AriaRole.Form, new() { Name = "New product" });
        await form.GetByLabel("SKU").FillAsync(Catalog.NewSku());
        await form.GetByLabel("Name").FillAsync($"{name} Deluxe");
        await form.GetByLabel("Description").FillAsync("Made in a browser test.");
        await form.GetByLabel("Category").SelectOptionAsync(category.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await form.GetByLabel("Stock").FillAsync("7");
        // The price is missing: the API's field error appears next to the field.
        await form.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Expect(form.GetByLabel("Price")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator(".field-error").First).Not.ToBeEmptyAsync();
        await Browser.ScreenshotAsync(admin, "admin-product-field-error");
        await form.GetByLabel("Price").FillAsync("24.90");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Expect(form).ToBeHiddenAsync();
        await Browser.ScreenshotAsync(admin, "admin-products");

        var shopper = await PageAsync(width: 375);
        await shopper.GotoAsync("/");
        await shopper.GetByLabel("Search products").FillAsync(name);
        var card = shopper.GetByTestId("product-card");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync($"{name} Deluxe");
        await Expect(card).ToContainTextAsync("7 in stock");
        var overflow = await shopper.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The catalog is {overflow}px wider than a 375px screen.");
        await Browser.ScreenshotAsync(shopper, "catalog-375px");
    }

    [Fact]
    public async Task A_customer_cannot_open_admin_in_the_browser_nor_through_the_api()
    {
        using var gateway = Graph.Client("gateway");
        var email = Accounts.NewEmail();
        (await Accounts.RegisterAsync(gateway, email)).EnsureSuccessStatusCode();
        var tokens = await Accounts.SignInAsync(gateway, email);
        var page = await PageAsync();

        await SignInAsync(page, email, Accounts.Password);
        await page.GotoAsync("/admin");
        await Expect(page.GetByText("This area is for administrators.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "admin-refused");

        using var stats = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders/stats", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, stats.StatusCode);
    }

    [Fact]
    public async Task Registering_with_a_short_password_shows_the_APIs_field_error_next_to_the_field()
    {
        var page = await PageAsync();

        await page.GotoAsync("/register");
        await page.GetByLabel("Name").FillAsync("Short Password");
        await page.GetByLabel("Email").FillAsync(Accounts.NewEmail());
        await page.GetByLabel("Password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        var password = page.GetByLabel("Password");
        await Expect(password).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await password.GetAttributeAsync("aria-describedby");
        Assert.NotNull(describedBy);
        var error = page.Locator($"[id='{describedBy!.Split(' ')[0]}']");
        await Expect(error).ToContainTextAsync("10");
        await Browser.ScreenshotAsync(page, "register-field-error");
    }

    /// <summary>A category made through the admin API, so the catalog's cached tree shows it at once.</summary>
    private static async Task<int> CategoryAsync(HttpClient gateway, string adminToken)
    {
        var slug = $"e2e-{Guid.NewGuid():N}"[..20];
        using var created = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/categories", adminToken, new { name = slug, slug, parentId = (int?)null, sortOrder = 0 });
        created.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancellation));
        return body.RootElement.GetProperty("id").GetInt32();
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    private static async Task FillAddressAndCardAsync(IPage page, string card)
    {
        await page.GetByLabel("Full name").FillAsync("Ada Shopper");
        await page.GetByLabel("Address line 1").FillAsync("1 Test Street");
        await page.GetByLabel("City").FillAsync("Berlin");
        await page.GetByLabel("Postal code").FillAsync("10115");
        await page.GetByLabel("Country (2-letter code)").FillAsync("DE");
        await page.GetByLabel("Card number").FillAsync(card);
        await page.GetByLabel("Expiry (MM/YY)").FillAsync($"12/{(DateTime.UtcNow.Year + 3) % 100:00}");
        await page.GetByLabel("CVC").FillAsync("123");
    }

    private static Regex OrderPath() => OrderPathPattern();

    [GeneratedRegex("/orders/[0-9a-f-]{36}$")]
    private static partial Regex OrderPathPattern();
}
