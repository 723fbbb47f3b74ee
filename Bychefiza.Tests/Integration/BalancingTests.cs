using System.Net;
using System.Net.Http.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

public sealed record DestinationStatusResponse(string Id, string Address, string ActiveHealth, string PassiveHealth, long Forwarded);

public sealed record ClusterStatusResponse(string Id, string? LoadBalancingPolicy, List<DestinationStatusResponse> Destinations);

/// <summary>The gateway spreads requests over a service's replicas and stops sending to one that is gone.</summary>
[Collection(GraphCollection.Name)]
public sealed class BalancingTests(GraphFixture fixture)
{
    private TestGraph Graph => fixture.Graph;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Catalog_requests_spread_over_both_replicas_and_keep_succeeding_while_one_is_stopped()
    {
        using var gateway = Graph.Client("gateway");
        var adminToken = await Graph.AdminAccessTokenAsync(gateway);
        var first = await DestinationAsync(gateway, adminToken, "products");
        var second = await DestinationAsync(gateway, adminToken, "products-2");
        Assert.Equal("PowerOfTwoChoices", (await ClusterAsync(gateway, adminToken)).LoadBalancingPolicy);

        await BrowseAsync(gateway, 40);

        Assert.True((await DestinationAsync(gateway, adminToken, "products")).Forwarded > first.Forwarded, "the first replica got no request");
        Assert.True((await DestinationAsync(gateway, adminToken, "products-2")).Forwarded > second.Forwarded, "the second replica got no request");

        await using (await Shop.StopAsync(Graph, "products-2"))
        {
            // The probes of /ready take the stopped replica out; from then on every request succeeds on the other.
            await Poll.UntilAsync(() => DestinationAsync(gateway, adminToken, "products-2"), d => d.ActiveHealth == "Unhealthy",
                TimeSpan.FromSeconds(90), "the stopped replica ejected");
            var stopped = await DestinationAsync(gateway, adminToken, "products-2");

            await BrowseAsync(gateway, 30);

            Assert.Equal(stopped.Forwarded, (await DestinationAsync(gateway, adminToken, "products-2")).Forwarded);
        }

        await Poll.UntilAsync(() => DestinationAsync(gateway, adminToken, "products-2"), d => d.ActiveHealth == "Healthy",
            TimeSpan.FromSeconds(90), "the restarted replica back in rotation");
    }

    [Fact]
    public async Task Only_admins_see_the_replicas()
    {
        using var gateway = Graph.Client("gateway");
        var (_, customer) = await Accounts.SignedInCustomerAsync(gateway);

        using var anonymous = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/gateway/clusters", accessToken: null);
        using var shopper = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/gateway/clusters", customer.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, shopper.StatusCode);
    }

    private static async Task BrowseAsync(HttpClient gateway, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            using var response = await gateway.GetAsync($"/api/products?page={1 + i % 5}&pageSize=5", Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private async Task<ClusterStatusResponse> ClusterAsync(HttpClient gateway, string adminToken)
    {
        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/gateway/clusters", adminToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var clusters = await response.Content.ReadFromJsonAsync<List<ClusterStatusResponse>>(Cancellation);
        return clusters!.Single(cluster => cluster.Id == "products");
    }

    /// <summary>The gateway's view of one replica, found by the port the AppHost gave it.</summary>
    private async Task<DestinationStatusResponse> DestinationAsync(HttpClient gateway, string adminToken, string replica)
    {
        var port = Graph.Endpoint(replica).Port;
        return (await ClusterAsync(gateway, adminToken)).Destinations.Single(destination => new Uri(destination.Address).Port == port);
    }
}
