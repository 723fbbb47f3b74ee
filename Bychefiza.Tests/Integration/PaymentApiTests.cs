using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Messaging.Events;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>Customers read their own payments through the gateway; the simulator issues tokens for its test cards.</summary>
[Collection(GraphCollection.Name)]
public sealed class PaymentApiTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_customer_gets_404_for_my_payment_and_an_admin_may_read_it()
    {
        await using var tap = await EventTap.StartAsync(fixture.Graph, "payments", "payment.completed");
        using var gateway = fixture.Graph.Client("gateway");
        var me = await Checkout.ShopperAsync(gateway);
        var someoneElse = await Checkout.ShopperAsync(gateway);
        var order = Checkout.Order(me, "tok_visa");
        await tap.PublishAsync(order);
        var paid = await tap.NextAsync<PaymentCompleted>(e => e.OrderId == order.OrderId, "PaymentCompleted for the order");

        var (theirStatus, _) = await Checkout.GetAsync<PaymentBody>(gateway, $"/api/payments/{paid.PaymentId}", someoneElse.AccessToken);
        var (_, theirList) = await Checkout.GetAsync<PaymentPageBody>(gateway, "/api/payments", someoneElse.AccessToken);
        var (adminStatus, asAdmin) = await Checkout.GetAsync<PaymentBody>(
            gateway, $"/api/payments/{paid.PaymentId}", await fixture.Graph.AdminAccessTokenAsync(gateway));
        var (missingStatus, _) = await Checkout.GetAsync<PaymentBody>(gateway, $"/api/payments/{Guid.NewGuid()}", me.AccessToken);

        Assert.Equal(HttpStatusCode.NotFound, theirStatus);
        Assert.Empty(theirList!.Items);
        Assert.Equal(HttpStatusCode.OK, adminStatus);
        Assert.Equal(order.OrderId, asAdmin!.OrderId);
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
    }

    [Fact]
    public async Task My_payments_are_listed_newest_first_a_page_at_a_time()
    {
        await using var tap = await EventTap.StartAsync(fixture.Graph, "payments", "payment.completed", "payment.failed");
        using var gateway = fixture.Graph.Client("gateway");
        var me = await Checkout.ShopperAsync(gateway);
        var first = Checkout.Order(me, "tok_visa", 10m);
        var second = Checkout.Order(me, "tok_chargeDeclined", 20m);
        await tap.PublishAsync(first);
        await tap.NextAsync<PaymentCompleted>(e => e.OrderId == first.OrderId, "the first order paid");
        await tap.PublishAsync(second);
        await tap.NextAsync<PaymentFailed>(e => e.OrderId == second.OrderId, "the second order declined");

        var (_, newest) = await Checkout.GetAsync<PaymentPageBody>(gateway, "/api/payments?page=1&pageSize=1", me.AccessToken);
        var (_, older) = await Checkout.GetAsync<PaymentPageBody>(gateway, "/api/payments?page=2&pageSize=1", me.AccessToken);

        Assert.Equal((2, 1, 1), (newest!.TotalCount, newest.Page, newest.PageSize));
        Assert.Equal(second.OrderId, Assert.Single(newest.Items).OrderId);
        Assert.Equal(first.OrderId, Assert.Single(older!.Items).OrderId);
    }

    [Fact]
    public async Task A_page_out_of_range_is_a_validation_problem_and_no_token_is_401()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var me = await Checkout.ShopperAsync(gateway);

        using var invalid = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/payments?page=0&pageSize=500", me.AccessToken);
        using var anonymous = await gateway.GetAsync("/api/payments", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("page", out _));
        Assert.True(errors.TryGetProperty("pageSize", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_simulator_turns_a_test_card_into_a_token_that_pays()
    {
        await using var tap = await EventTap.StartAsync(fixture.Graph, "payments", "payment.completed", "payment.failed");
        using var gateway = fixture.Graph.Client("gateway");
        var me = await Checkout.ShopperAsync(gateway);

        using var response = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/payments/simulator/tokens", me.AccessToken,
            new { number = "4000 0000 0000 9995", expMonth = 12, expYear = DateTime.UtcNow.Year + 2, cvc = "123" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("tok_insufficientFunds", token.GetProperty("id").GetString());
        Assert.Equal("9995", token.GetProperty("card").GetProperty("last4").GetString());
        Assert.DoesNotContain("40000000", token.GetRawText(), StringComparison.Ordinal);

        var order = Checkout.Order(me, token.GetProperty("id").GetString()!);
        await tap.PublishAsync(order);
        Assert.Equal("insufficient_funds", (await tap.NextAsync<PaymentFailed>(e => e.OrderId == order.OrderId, "the order declined")).Code);
    }

    [Fact]
    public async Task A_card_that_is_not_valid_gets_field_errors_and_no_token()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var me = await Checkout.ShopperAsync(gateway);

        using var invalid = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/payments/simulator/tokens", me.AccessToken,
            new { number = "4242424242424241", expMonth = 1, expYear = 2020, cvc = "12" });
        using var anonymous = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/payments/simulator/tokens", null,
            new { number = "4242424242424242", expMonth = 12, expYear = DateTime.UtcNow.Year + 2, cvc = "123" });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.Equal(["cvc", "expYear", "number"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_payments_document_lists_its_public_routes()
    {
        using var gateway = fixture.Graph.Client("gateway");

        var document = await gateway.GetFromJsonAsync<JsonElement>("/api/payments/openapi/v1.json", Cancellation);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name.TrimEnd('/')).ToList();
        Assert.Contains("/api/payments", paths);
        Assert.Contains("/api/payments/{id}", paths);
        Assert.Contains("/api/payments/simulator/tokens", paths);
    }
}
