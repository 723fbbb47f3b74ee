using System.Net;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>What the gateway adds and removes at the edge: correlation ids, security headers, body limits.</summary>
[Collection(GraphCollection.Name)]
public sealed class GatewayEdgeTests(GraphFixture fixture)
{
    private const string CorrelationHeader = "X-Correlation-ID";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_correlation_id_is_made_when_missing_kept_when_valid_and_replaced_when_not()
    {
        using var gateway = fixture.Graph.Client("gateway");

        using var none = await SendAsync(gateway, "/api/categories", correlationId: null);
        using var valid = await SendAsync(gateway, "/api/categories", correlationId: "checkout-7f3a9c21");
        using var hostile = await SendAsync(gateway, "/api/categories", correlationId: "x\" injected=1");

        Assert.Matches("^[0-9a-f]{32}$", none.Headers.GetValues(CorrelationHeader).Single());
        Assert.Equal("checkout-7f3a9c21", valid.Headers.GetValues(CorrelationHeader).Single());
        Assert.Matches("^[0-9a-f]{32}$", hostile.Headers.GetValues(CorrelationHeader).Single());
    }

    [Theory]
    [InlineData("products")]
    [InlineData("auth")]
    public async Task Services_keep_the_id_they_are_given(string service)
    {
        using var client = fixture.Graph.Client(service);

        using var response = await SendAsync(client, "/health", correlationId: "from-the-gateway-42");

        Assert.Equal("from-the-gateway-42", response.Headers.GetValues(CorrelationHeader).Single());
    }

    [Fact]
    public async Task Answers_carry_security_headers_and_no_server_fingerprint()
    {
        using var gateway = fixture.Graph.Client("gateway");

        using var proxied = await gateway.GetAsync("/api/categories", Cancellation);
        using var own = await gateway.GetAsync("/no/such/route", Cancellation);

        foreach (var response in new[] { proxied, own })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.False(response.Headers.Contains("Server"), "the answer names the server software");
        }
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_it_reaches_a_service()
    {
        using var gateway = fixture.Graph.Client("gateway");
        using var oversized = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        oversized.Headers.ContentType = new("application/json");

        using var response = await gateway.PostAsync("/api/auth/register", oversized, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (correlationId is not null)
        {
            request.Headers.TryAddWithoutValidation(CorrelationHeader, correlationId);
        }
        return await client.SendAsync(request, Cancellation);
    }
}
