using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bychefiza.Tests.Integration;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Security;

/// <summary>
/// Malformed requests to every published operation that takes a body or query parameters: each is
/// refused with a 4xx problem document, none is answered with a 5xx, and no table gains or loses a row.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class BadInputTests(GraphFixture fixture)
{
    private TestGraph Graph => fixture.Graph;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Query values the operation may take as they are (a search for an odd string finds nothing; a repeated parameter keeps one).</summary>
    private static bool MayBeAccepted(MalformedRequest request) =>
        request.Body is null && (request.What.EndsWith(": huge", StringComparison.Ordinal) || request.What.EndsWith(": SQL", StringComparison.Ordinal)
                                 || request.What.EndsWith(": given twice", StringComparison.Ordinal) || request.What.EndsWith(": invalid UTF-8", StringComparison.Ordinal));

    [Fact]
    public async Task Malformed_requests_get_a_4xx_problem_and_change_no_row()
    {
        using var gateway = Graph.Client("gateway");
        var operations = await ApiSurface.ReadAsync(gateway);
        var admin = await Graph.AdminAccessTokenAsync(gateway);
        var customer = await People.RegisteredAsync(gateway);
        using var created = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/users/me/addresses", customer.AccessToken, Cast.AddressBody());
        var address = await People.ReadAsync<AddressBody>(created, HttpStatusCode.Created);
        using var shelf = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/categories", admin, new { name = "Input Shelf", slug = $"input-{Guid.NewGuid():N}"[..20] });
        var category = (await People.ReadAsync<JsonElement>(shelf, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var product = await Catalog.CreateAsync(gateway, admin, category);
        var victim = await Checkout.ShopperAsync(gateway);
        var adminOnly = AuthorizationMatrixTests.AdminOnlyOperations;

        string UrlOf(ApiOperation operation) => operation.Path
            .Replace("/api/users/me/addresses/{id}", $"/api/users/me/addresses/{address.Id}", StringComparison.Ordinal)
            .Replace("/api/products/{id}", $"/api/products/{product.Id}", StringComparison.Ordinal)
            .Replace("/api/categories/{id}", $"/api/categories/{category}", StringComparison.Ordinal)
            .Replace("/api/auth/users/{id}", $"/api/auth/users/{victim.UserId}", StringComparison.Ordinal)
            .Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{messageId}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

        var bodies = ValidBodies(customer.Email, product, category);
        var requests = operations
            .SelectMany(o => MalformedRequests.For(o, UrlOf(o), bodies.GetValueOrDefault(o.Key) is { } body ? JsonNode.Parse(body)!.AsObject() : null)
                .Select(r => (Operation: o, Request: r)))
            .ToList();
        // Each of two exclusive fields passes alone: the generator sets one beside the other, so this one is by hand.
        var promotions = operations.Single(o => o.Key == "POST /api/promotions");
        var hugeDiscount = $"{{\"name\":\"Too much\",\"amountOff\":1e28,\"categoryId\":{category},\"startsAt\":\"{DateTimeOffset.UtcNow.AddDays(1):O}\",\"endsAt\":\"{DateTimeOffset.UtcNow.AddDays(2):O}\"}}";
        requests.Add((promotions, new MalformedRequest("amountOff 1e28 on its own", "/api/promotions", System.Text.Encoding.UTF8.GetBytes(hugeDiscount))));
        Assert.InRange(requests.Count, 100, 1_000);

        var before = await RowCountsAsync();
        var readBack = await ReadBackAsync(gateway, customer.AccessToken, admin, product.Id);
        var wrong = new List<string>();
        foreach (var (operation, request) in requests.Where(r => !r.Request.Boundary))
        {
            await CheckAsync(gateway, operation, request, adminOnly.Contains(operation.Key) ? admin : customer.AccessToken, wrong);
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {requests.Count} malformed requests answered wrongly:\n{string.Join('\n', wrong)}");
        Assert.Equal(readBack, await ReadBackAsync(gateway, customer.AccessToken, admin, product.Id));
        Assert.Equal(before, await RowCountsAsync());

        // Boundary values last: an operation may take them, but none may break it.
        foreach (var (operation, request) in requests.Where(r => r.Request.Boundary))
        {
            await CheckAsync(gateway, operation, request, adminOnly.Contains(operation.Key) ? admin : customer.AccessToken, wrong);
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} boundary values answered wrongly:\n{string.Join('\n', wrong)}");
    }

    private static async Task CheckAsync(HttpClient gateway, ApiOperation operation, MalformedRequest request, string token, List<string> wrong)
    {
        using var response = await SendAsync(gateway, new HttpMethod(operation.Method), request, token);
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType;
        if (status >= 500 || status < 400 && !request.Boundary && !MayBeAccepted(request))
        {
            wrong.Add($"{operation.Key} with {request.What}: {status} {Truncated(await response.Content.ReadAsStringAsync(Cancellation))}");
        }
        else if (status is >= 400 and < 500 && type != "application/problem+json")
        {
            wrong.Add($"{operation.Key} with {request.What}: {status} as {type ?? "no body"}, not a problem document");
        }
    }

    /// <summary>A body each operation accepts, so a single broken field is what makes a request malformed.</summary>
    private static Dictionary<string, string> ValidBodies(string email, ProductResponse product, int category)
    {
        var now = DateTimeOffset.UtcNow;
        object[] items = [new { productId = product.Id, quantity = 1 }];
        return new Dictionary<string, object>
        {
            ["POST /api/auth/register"] = new { email = Accounts.NewEmail(), password = Accounts.Password, displayName = "Bad Input" },
            ["POST /api/auth/login"] = new { email = Accounts.NewEmail(), password = Accounts.Password },
            ["POST /api/auth/forgot-password"] = new { email = Accounts.NewEmail() },
            ["POST /api/auth/change-password"] = new { currentPassword = Accounts.Password, newPassword = "A brand new passphrase 1" },
            ["POST /api/auth/keys/rotate"] = new { revokeCurrent = false },
            ["PUT /api/auth/users/{id}/roles"] = new { roles = new[] { "customer" } },
            ["PUT /api/users/me"] = new { displayName = "Bad Input", bio = "Unchanged" },
            ["PUT /api/users/me/preferences"] = People.Preferences(inApp: true, email: false),
            ["POST /api/users/me/addresses"] = Cast.AddressBody(),
            ["PUT /api/users/me/addresses/{id}"] = Cast.AddressBody("Changed 2"),
            ["PUT /api/users/me/cart"] = new { lines = items },
            ["POST /api/users/me/cart/merge"] = new { lines = items },
            ["POST /api/products"] = new { sku = Catalog.NewSku(), name = "Bad Input", description = "d", categoryId = category, price = 5m, currency = "USD", stock = 1 },
            ["PUT /api/products/{id}"] = new { sku = product.Sku, name = "Changed", description = "d", categoryId = category, price = 6m, currency = "USD", stock = 2, version = product.Version },
            ["PUT /api/products/{id}/stock"] = new { stock = 9 },
            ["POST /api/categories"] = new { name = "Bad Input", slug = $"bad-{Guid.NewGuid():N}"[..20] },
            ["PUT /api/categories/{id}"] = new { name = "Input Shelf", slug = $"input-{Guid.NewGuid():N}"[..20] },
            ["POST /api/promotions"] = new { name = "Bad Input", percentOff = 10m, categoryId = category, startsAt = now.AddDays(1), endsAt = now.AddDays(2) },
            ["POST /api/orders"] = new { items, shippingAddress = Shop.Address(), paymentToken = "tok_visa" },
            ["POST /api/payments/simulator/tokens"] = new { number = "4242424242424242", expMonth = 12, expYear = now.Year + 2, cvc = "123" },
        }.ToDictionary(pair => pair.Key, pair => JsonSerializer.Serialize(pair.Value, JsonSerializerOptions.Web));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient gateway, HttpMethod method, MalformedRequest malformed, string token)
    {
        using var request = new HttpRequestMessage(method, malformed.Url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (malformed.Body is not null)
        {
            request.Content = new ByteArrayContent(malformed.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(malformed.ContentType);
        }
        return await gateway.SendAsync(request, Cancellation);
    }

    /// <summary>What the customer and the admin see of the data the requests aimed at.</summary>
    private static async Task<string> ReadBackAsync(HttpClient gateway, string customer, string admin, Guid product)
    {
        var parts = new List<string>();
        foreach (var (path, token) in new[]
                 {
                     ("/api/users/me", customer), ("/api/users/me/preferences", customer), ("/api/users/me/addresses", customer),
                     ("/api/auth/me", customer), ("/api/orders", customer), ($"/api/products/{product}", admin),
                     ("/api/categories", admin), ("/api/promotions", admin),
                 })
        {
            using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, path, token);
            parts.Add($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        }
        return string.Join('\n', parts);
    }

    /// <summary>Rows per table in every service's database.</summary>
    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        var counts = new Dictionary<string, long>();
        foreach (var database in new[] { "authdb", "userdb", "productdb", "orderdb", "paymentdb" })
        {
            await using var connection = await Graph.OpenDatabaseAsync(database, Cancellation);
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')";
                await using var reader = await list.ExecuteReaderAsync(Cancellation);
                while (await reader.ReadAsync(Cancellation))
                {
                    tables.Add(reader.GetString(0));
                }
            }
            foreach (var table in tables.Where(t => !Churning.Any(c => t.Contains(c, StringComparison.OrdinalIgnoreCase))))
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT count(*) FROM {table}";
                counts[$"{database}.{table}"] = (long)(await count.ExecuteScalarAsync(Cancellation))!;
            }
        }
        return counts;
    }

    /// <summary>Tables that background work changes on its own schedule, whatever the requests do.</summary>
    private static readonly string[] Churning = [];

    private static string Truncated(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
