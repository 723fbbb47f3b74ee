using System.Net;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>The gateway checks tokens itself before anything reaches a service.</summary>
[Collection(GraphCollection.Name)]
public sealed class GatewayAuthTests(GraphFixture fixture)
{
    [Fact]
    public async Task Signed_in_routes_refuse_anonymous_callers_before_the_service_is_reached()
    {
        using var gateway = fixture.Graph.Client("gateway");
        using var orders = fixture.Graph.Client("orders");

        using var throughGateway = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders/some-order", accessToken: null);
        using var atService = await Accounts.SendAsync(orders, HttpMethod.Get, "/api/orders/some-order", accessToken: null);

        Assert.Equal(HttpStatusCode.Unauthorized, throughGateway.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, atService.StatusCode); // the service would have said 404: the gateway answered
    }

    [Fact]
    public async Task A_valid_token_is_let_through_to_the_service()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/orders/some-order", tokens.AccessToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_forged_token_is_stopped_even_on_public_routes()
    {
        using var gateway = fixture.Graph.Client("gateway");

        using var anonymous = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/products/openapi/v1.json", accessToken: null);
        using var forged = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/products/openapi/v1.json", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task Customers_are_forbidden_admin_routes_at_the_gateway_and_at_the_service()
    {
        using var gateway = fixture.Graph.Client("gateway");
        using var auth = fixture.Graph.Client("auth");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        using var throughGateway = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/auth/users", tokens.AccessToken);
        using var atService = await Accounts.SendAsync(auth, HttpMethod.Get, "/api/auth/users", tokens.AccessToken);

        Assert.Equal(HttpStatusCode.Forbidden, throughGateway.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, atService.StatusCode);
    }
}
