using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bychefiza.Tests.Integration;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Security;

/// <summary>
/// Every operation the services publish, called through the gateway as nobody, as customer A (who owns
/// the resources named in the path), as customer B and as an admin, against one expectation row each.
/// An operation without a row fails the test: a new endpoint has to be classified here.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class AuthorizationMatrixTests(GraphFixture fixture)
{
    private TestGraph Graph => fixture.Graph;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Let through by authorization: any answer but 401, 403, 404, 405 or a 5xx.</summary>
    private const int Through = 0;

    private const int Unauthorized = 401, Forbidden = 403, NotFound = 404;

    /// <summary>What each caller gets for one operation, called at <see cref="Url"/> with <see cref="Body"/>.</summary>
    private sealed record Row(string Key, int Anonymous, int A, int B, int Admin, Func<Cast, string> Url, Func<Cast, object?>? Body = null);

    /// <summary>Open to anyone, signed in or not.</summary>
    private static Row Open(string key, Func<Cast, string> url, Func<Cast, object?>? body = null) => new(key, Through, Through, Through, Through, url, body);

    /// <summary>A signed-in caller's own data (<c>/me</c>): every caller reaches their own.</summary>
    private static Row Own(string key, Func<Cast, string> url, Func<Cast, object?>? body = null) => new(key, Unauthorized, Through, Through, Through, url, body);

    /// <summary>A's resource by its id: anyone else, the admin included on customer routes, finds nothing (IDOR).</summary>
    private static Row OwnedByA(string key, Func<Cast, string> url, Func<Cast, object?>? body = null) => new(key, Unauthorized, Through, NotFound, NotFound, url, body);

    /// <summary>For admins only.</summary>
    private static Row AdminOnly(string key, Func<Cast, string> url, Func<Cast, object?>? body = null, int admin = Through) =>
        new(key, Unauthorized, Forbidden, Forbidden, admin, url, body);

    /// <summary>
    /// Rows run top to bottom, each as anonymous, B, the admin, then A, so a row that changes or removes
    /// something comes after the rows that read it.
    /// </summary>
    private static readonly Row[] Matrix =
    [
        // auth: the public entrances. Empty bodies: the answer is the validation's, past authorization.
        Open("POST /api/auth/register", _ => "/api/auth/register"),
        Open("POST /api/auth/login", _ => "/api/auth/login"),
        Open("POST /api/auth/refresh", _ => "/api/auth/refresh"),
        Open("POST /api/auth/logout", _ => "/api/auth/logout"),
        Open("POST /api/auth/verify-email", _ => "/api/auth/verify-email"),
        Open("POST /api/auth/forgot-password", _ => "/api/auth/forgot-password"),
        Open("POST /api/auth/reset-password", _ => "/api/auth/reset-password"),
        Open("GET /api/auth/external/providers", _ => "/api/auth/external/providers"),
        // Published in auth's document for the services inside; the gateway routes only /api, so outside it is 404 for all.
        new("GET /.well-known/jwks.json", NotFound, NotFound, NotFound, NotFound, _ => "/.well-known/jwks.json"),
        new("GET /.well-known/openid-configuration", NotFound, NotFound, NotFound, NotFound, _ => "/.well-known/openid-configuration"),
        Open("GET /api/auth/external/corp", _ => "/api/auth/external/corp?returnUrl=/orders"),
        Open("GET /api/auth/external/github", _ => "/api/auth/external/github?returnUrl=/orders"),
        Open("POST /api/auth/external/exchange", _ => "/api/auth/external/exchange"),
        Own("GET /api/auth/me", _ => "/api/auth/me"),
        Own("POST /api/auth/change-password", _ => "/api/auth/change-password"),
        AdminOnly("GET /api/auth/users", _ => "/api/auth/users"),
        AdminOnly("GET /api/auth/users/stats", _ => "/api/auth/users/stats"),
        AdminOnly("PUT /api/auth/users/{id}/roles", c => $"/api/auth/users/{c.Victim}/roles", _ => new { roles = new[] { "customer" } }),
        AdminOnly("POST /api/auth/users/{id}/lock", c => $"/api/auth/users/{c.Victim}/lock"),
        AdminOnly("POST /api/auth/users/{id}/unlock", c => $"/api/auth/users/{c.Victim}/unlock"),
        AdminOnly("GET /api/auth/keys", _ => "/api/auth/keys"),
        // A malformed body: proves the admin is let in without rotating the keys under the other tests.
        AdminOnly("POST /api/auth/keys/rotate", _ => "/api/auth/keys/rotate", _ => new { revokeCurrent = "soon" }),

        // users
        Own("GET /api/users/me", _ => "/api/users/me"),
        Own("PUT /api/users/me", _ => "/api/users/me", _ => new { displayName = "Still Me" }),
        Own("GET /api/users/me/preferences", _ => "/api/users/me/preferences"),
        Own("PUT /api/users/me/preferences", _ => "/api/users/me/preferences", _ => People.Preferences(inApp: true, email: false)),
        Own("GET /api/users/me/addresses", _ => "/api/users/me/addresses"),
        Own("POST /api/users/me/addresses", _ => "/api/users/me/addresses", _ => new { }),
        Own("GET /api/users/me/cart", _ => "/api/users/me/cart"),
        Own("PUT /api/users/me/cart", _ => "/api/users/me/cart", _ => new { lines = Array.Empty<object>() }),
        Own("POST /api/users/me/cart/merge", _ => "/api/users/me/cart/merge", _ => new { lines = Array.Empty<object>() }),
        Own("DELETE /api/users/me/cart", _ => "/api/users/me/cart"),
        OwnedByA("GET /api/users/me/addresses/{id}", c => $"/api/users/me/addresses/{c.AddressOfA}"),
        OwnedByA("PUT /api/users/me/addresses/{id}", c => $"/api/users/me/addresses/{c.AddressOfA}", _ => Cast.AddressBody("Taken Over 1")),
        OwnedByA("DELETE /api/users/me/addresses/{id}", c => $"/api/users/me/addresses/{c.AddressOfA}"),
        Open("GET /api/users/{id}/avatar", c => $"/api/users/{c.A.UserId}/avatar"),
        Own("PUT /api/users/me/avatar", _ => "/api/users/me/avatar"),
        Own("GET /api/users/me/notifications", _ => "/api/users/me/notifications"),
        OwnedByA("POST /api/users/me/notifications/{id}/read", c => $"/api/users/me/notifications/{c.NotificationOfA}/read"),
        Own("POST /api/users/me/notifications/read-all", _ => "/api/users/me/notifications/read-all"),
        AdminOnly("GET /api/users", _ => "/api/users"),
        AdminOnly("GET /api/users/{id}", c => $"/api/users/{c.A.UserId}"),
        Own("DELETE /api/users/me/avatar", _ => "/api/users/me/avatar"),
        // Without the password: past authorization, nobody's account closes.
        Own("DELETE /api/users/me", _ => "/api/users/me"),

        // products, categories, promotions
        Open("GET /api/products", _ => "/api/products"),
        Open("GET /api/products/{id}", c => $"/api/products/{c.Product}"),
        Open("GET /api/products/{id}/image", c => $"/api/products/{c.Product}/image"),
        AdminOnly("POST /api/products", _ => "/api/products", _ => new { }),
        AdminOnly("PUT /api/products/{id}", c => $"/api/products/{c.Product}", _ => new { }),
        AdminOnly("PUT /api/products/{id}/stock", c => $"/api/products/{c.Product}/stock", _ => new { stock = 7 }),
        AdminOnly("DELETE /api/products/{id}", c => $"/api/products/{c.Product}"),
        Open("GET /api/categories", _ => "/api/categories"),
        AdminOnly("POST /api/categories", _ => "/api/categories", _ => new { }),
        AdminOnly("PUT /api/categories/{id}", c => $"/api/categories/{c.Category}", _ => new { }),
        AdminOnly("DELETE /api/categories/{id}", c => $"/api/categories/{c.Category}"),
        AdminOnly("GET /api/promotions", _ => "/api/promotions"),
        AdminOnly("POST /api/promotions", _ => "/api/promotions", _ => new { }),
        AdminOnly("DELETE /api/promotions/{id}", _ => $"/api/promotions/{Guid.NewGuid()}", admin: NotFound),

        // orders
        Own("GET /api/orders", _ => "/api/orders"),
        Own("POST /api/orders", _ => "/api/orders", _ => new { }),
        OwnedByA("GET /api/orders/{id}", c => $"/api/orders/{c.OrderOfA}"),
        AdminOnly("GET /api/orders/admin", _ => "/api/orders/admin"),
        AdminOnly("GET /api/orders/admin/{id}", c => $"/api/orders/admin/{c.OrderOfA}"),
        AdminOnly("GET /api/orders/stats", _ => "/api/orders/stats"),
        AdminOnly("POST /api/orders/admin/{id}/ship", c => $"/api/orders/admin/{c.OrderOfA}/ship"),
        AdminOnly("POST /api/orders/admin/{id}/deliver", c => $"/api/orders/admin/{c.OrderOfA}/deliver"),
        AdminOnly("POST /api/orders/admin/{id}/refund", c => $"/api/orders/admin/{c.OrderOfA}/refund"),
        OwnedByA("POST /api/orders/{id}/cancel", c => $"/api/orders/{c.OrderOfA}/cancel"),

        // payments
        Own("GET /api/payments", _ => "/api/payments"),
        // Support reads any payment (PaymentsApi.GetAsync); B still finds nothing of A's.
        new("GET /api/payments/{id}", Unauthorized, Through, NotFound, Through, c => $"/api/payments/{c.PaymentOfA}"),
        Own("POST /api/payments/simulator/tokens", _ => "/api/payments/simulator/tokens", _ => new { }),
        // Anyone may knock; without Stripe's signature nothing is taken.
        Open("POST /api/payments/webhooks/stripe", _ => "/api/payments/webhooks/stripe", _ => new { }),

        // every service's dead letters; replay-all with an out-of-range limit, so nothing is replayed
        .. ApiSurface.Services.SelectMany(service => new[]
        {
            AdminOnly($"GET /api/{service}/dead-letters", _ => $"/api/{service}/dead-letters"),
            AdminOnly($"POST /api/{service}/dead-letters/{{messageId}}/replay", _ => $"/api/{service}/dead-letters/{Guid.NewGuid()}/replay", admin: NotFound),
            AdminOnly($"POST /api/{service}/dead-letters/replay", _ => $"/api/{service}/dead-letters/replay?limit=0"),
        }),
    ];

    /// <summary>The operations only admins may call, as the matrix classifies them.</summary>
    public static IReadOnlySet<string> AdminOnlyOperations => Matrix.Where(r => r.B == Forbidden).Select(r => r.Key).ToHashSet();

    [Fact]
    public async Task Every_published_operation_has_a_row_and_each_caller_gets_what_the_row_says()
    {
        using var gateway = NoRedirects(Graph.Endpoint("gateway"));
        var operations = await ApiSurface.ReadAsync(gateway);
        var cast = await Cast.AssembleAsync(Graph, gateway);

        var unclassified = operations.Select(o => o.Key).Except(Matrix.Select(r => r.Key)).ToList();
        var stale = Matrix.Select(r => r.Key).Except(operations.Select(o => o.Key)).ToList();
        Assert.True(unclassified.Count == 0, $"Published operations without a row in the matrix:\n{string.Join('\n', unclassified)}");
        Assert.True(stale.Count == 0, $"Rows for operations no document publishes:\n{string.Join('\n', stale)}");

        var wrong = new List<string>();
        foreach (var row in Matrix)
        {
            var method = new HttpMethod(row.Key.Split(' ')[0]);
            foreach (var (caller, token, expected) in new[]
                     {
                         ("anonymous", (string?)null, row.Anonymous), ("B", cast.B.AccessToken, row.B),
                         ("admin", cast.AdminToken, row.Admin), ("A", cast.A.AccessToken, row.A),
                     })
            {
                using var response = await SendAsync(gateway, method, row.Url(cast), token, row.Body?.Invoke(cast));
                var status = (int)response.StatusCode;
                var passed = expected == Through ? status is not (401 or 403 or 404 or 405) and < 500 : status == expected;
                if (!passed)
                {
                    wrong.Add($"{row.Key} as {caller}: {status}, expected {(expected == Through ? "let through" : expected)}");
                }
            }
        }

        // The services check roles themselves: a customer's token sent past the gateway gets no further.
        var services = operations.ToDictionary(o => o.Key, o => o.Service);
        foreach (var row in Matrix.Where(r => r.B == Forbidden))
        {
            using var service = Graph.Client(services[row.Key]);
            using var response = await SendAsync(service, new HttpMethod(row.Key.Split(' ')[0]), row.Url(cast), cast.B.AccessToken, row.Body?.Invoke(cast));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                wrong.Add($"{row.Key} as B at the {services[row.Key]} service itself: {(int)response.StatusCode}, expected 403");
            }
        }
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Theory]
    [InlineData("POST", "/internal/reservations")]
    [InlineData("GET", "/internal/reservations/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/internal/accounts/verify-password")]
    [InlineData("GET", "/.well-known/jwks.json")]
    [InlineData("GET", "/api/products/%2e%2e/%2e%2e/internal/reservations/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/api/auth/%2e%2e/%2e%2e/internal/accounts/verify-password")]
    [InlineData("POST", "/api/auth/..%2f..%2finternal/accounts/verify-password")]
    [InlineData("GET", "/api/products/..%2F..%2F.well-known/jwks.json")]
    public async Task Internal_routes_are_not_reachable_through_the_gateway(string method, string path)
    {
        using var gateway = Graph.Client("gateway");
        var (_, customer) = await Accounts.SignedInCustomerAsync(gateway);

        // The path goes out as written: no client-side clean-up of dot segments or escapes.
        var raw = new Uri(gateway.BaseAddress!.ToString().TrimEnd('/') + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(method), raw);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.AccessToken);
        request.Content = method == "POST" ? JsonContent.Create(new { password = Accounts.Password, orderId = Guid.NewGuid(), items = Array.Empty<object>() }) : null;
        using var response = await gateway.SendAsync(request, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {body}");
        Assert.DoesNotContain("\"keys\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer_b_changes_nothing_of_customer_as_through_the_routes_that_name_it()
    {
        using var gateway = Graph.Client("gateway");
        var a = await People.RegisteredAsync(gateway);
        var b = await People.RegisteredAsync(gateway);
        using var created = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/users/me/addresses", a.AccessToken, Cast.AddressBody());
        var address = await People.ReadAsync<AddressBody>(created, HttpStatusCode.Created);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var order = await Shop.OrderAsync(gateway, a.AccessToken, "tok_visa", (await Shop.ProductAsync(productDb, stock: 2), 1));
        await Shop.UntilStatusAsync(gateway, a.AccessToken, order.Id, "Paid");

        var attempts = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Put, $"/api/users/me/addresses/{address.Id}", Cast.AddressBody("Taken Over 1")),
            (HttpMethod.Delete, $"/api/users/me/addresses/{address.Id}", null),
            (HttpMethod.Post, $"/api/orders/{order.Id}/cancel", null),
            (HttpMethod.Get, $"/api/orders/{order.Id}", null),
            (HttpMethod.Get, $"/api/users/{a.UserId}", null),
            (HttpMethod.Post, $"/api/orders/admin/{order.Id}/refund", null),
        };
        foreach (var (method, path, body) in attempts)
        {
            using var response = await Accounts.SendAsync(gateway, method, path, b.AccessToken, body);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{method} {path} as B: {(int)response.StatusCode}");
        }

        // A's data reads back exactly as it was.
        Assert.Equal(address, await People.GetAsync<AddressBody>(gateway, $"/api/users/me/addresses/{address.Id}", a.AccessToken));
        Assert.Equal("Paid", (await Shop.GetAsync(gateway, a.AccessToken, order.Id))!.Status);
        var bsOrders = await People.GetAsync<OrderPageResponse>(gateway, "/api/orders", b.AccessToken);
        Assert.DoesNotContain(bsOrders.Items, o => o.Id == order.Id);
        var bsAddresses = await People.GetAsync<AddressBody[]>(gateway, "/api/users/me/addresses", b.AccessToken);
        Assert.Empty(bsAddresses);
    }

    private static HttpClient NoRedirects(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? token, object? body) =>
        Accounts.SendAsync(client, method, url, token, body);
}
