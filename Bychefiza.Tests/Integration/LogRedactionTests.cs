using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>
/// The services log JSON lines (as they do outside Development) that carry their service, trace,
/// span and correlation ids, and no customer's email, name or password, even where a line is about
/// that customer.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class LogRedactionTests(GraphFixture fixture)
{
    private TestGraph Graph => fixture.Graph;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_checkout_logs_json_lines_without_the_customers_email_name_or_password()
    {
        await using var logs = ResourceLogs.Watch(Graph, ["auth", "users", "products", "products-2", "orders", "payments", "gateway", "gateway-2", "web"]);
        using var gateway = Graph.Client("gateway");
        var email = Accounts.NewEmail();
        var password = $"Kettle-{Guid.NewGuid():N}";
        var name = $"Redacta {Guid.NewGuid():N}";
        var correlationId = $"redaction-{Guid.NewGuid():N}";

        using (var registered = await Accounts.RegisterAsync(gateway, email, password, name))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }
        using (var wrong = await LoginAsync(gateway, email, password + "-wrong", correlationId))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        var tokens = await Accounts.SignInAsync(gateway, email, password);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 3, price: 9.5m);
        var placed = await Shop.OrderAsync(gateway, tokens.AccessToken, "tok_visa", (product, 1));
        await Shop.UntilStatusAsync(gateway, tokens.AccessToken, placed.Id, "Paid");

        // The failed sign-in is logged, with our correlation id, about the email, without it.
        var failure = await Poll.UntilAsync(
            () => Task.FromResult(logs.Lines.FirstOrDefault(line => line.Field("correlationId") == correlationId && line.Field("eventId") == "1002")),
            line => line is not null, TimeSpan.FromSeconds(60), "the failed sign-in logged");
        Assert.Equal("auth", failure!.Field("service"));
        Assert.Equal("Warning", failure.Field("level"));
        Assert.Equal("[redacted]", failure.Property("Email"));
        Assert.Matches("^[0-9a-f]{32}$", failure.Field("traceId"));
        Assert.Matches("^[0-9a-f]{16}$", failure.Field("spanId"));
        Assert.True(DateTimeOffset.TryParse(failure.Field("timestamp"), out _), failure.Text);

        // The payment of the order is logged too: the lines cover the whole checkout.
        var captured = await Poll.UntilAsync(
            () => Task.FromResult(logs.Lines.FirstOrDefault(line => line.Resource == "payments" && line.Text.Contains(placed.Id.ToString(), StringComparison.Ordinal))),
            line => line is not null, TimeSpan.FromSeconds(60), "the capture of the order logged");
        Assert.NotNull(captured!.Field("traceId"));

        // Every line until then: JSON with the common fields, and nothing of the customer's.
        var lines = logs.Lines.ToList();
        foreach (var line in lines.Where(line => line.Json is not null))
        {
            Assert.False(string.IsNullOrEmpty(line.Field("timestamp")), line.Text);
            Assert.False(string.IsNullOrEmpty(line.Field("level")), line.Text);
            Assert.False(string.IsNullOrEmpty(line.Field("service")), line.Text);
        }
        foreach (var secret in new[] { email, password, name })
        {
            var leaks = lines.Where(line => line.Text.Contains(secret, StringComparison.OrdinalIgnoreCase)).Select(line => $"{line.Resource}: {line.Text}").ToList();
            Assert.True(leaks.Count == 0, $"Logged in clear:\n{string.Join('\n', leaks)}");
        }
    }

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient gateway, string email, string password, string correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Correlation-ID", correlationId);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await gateway.SendAsync(request, Cancellation);
    }
}
