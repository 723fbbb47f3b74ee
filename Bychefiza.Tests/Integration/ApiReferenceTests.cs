using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bychefiza.Tests.Integration;

/// <summary>The gateway's one API reference: an interactive page over every service's OpenAPI document.</summary>
[Collection(GraphCollection.Name)]
public sealed class ApiReferenceTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_reference_page_loads_and_names_every_services_document()
    {
        using var gateway = fixture.Graph.Client("gateway");

        using var page = await gateway.GetAsync("/docs", Cancellation);
        var html = await page.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.All(new[] { "auth", "users", "products", "orders", "payments" },
            prefix => Assert.Contains($"api/{prefix}/openapi/v1.json", html.Replace("\\u002F", "/", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("auth", "/api/auth/login")]
    [InlineData("auth", "/api/auth/external/providers")]
    [InlineData("users", "/api/users/me")]
    [InlineData("users", "/api/users/me/avatar")]
    [InlineData("products", "/api/products")]
    [InlineData("products", "/api/categories")]
    [InlineData("products", "/api/promotions")]
    public async Task The_documents_list_the_public_routes(string prefix, string route)
    {
        using var gateway = fixture.Graph.Client("gateway");

        var document = await gateway.GetFromJsonAsync<JsonElement>($"/api/{prefix}/openapi/v1.json", Cancellation);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name.TrimEnd('/')).ToList();
        Assert.Contains(route, paths);
        Assert.DoesNotContain(paths, path => path.StartsWith("/internal", StringComparison.Ordinal));
    }
}
