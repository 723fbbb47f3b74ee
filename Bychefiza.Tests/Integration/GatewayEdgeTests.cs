using System.Net;
using System.Net.Http.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>What the gateway adds and removes at the edge: correlation ids, security headers, spoofable headers, body limits, timeouts.</summary>
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

        // Expect: 100-continue, as browsers and SDKs send large bodies: the gateway answers from the
        // headers, so the client never pushes 2 MB into a connection the gateway has already closed.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register") { Content = oversized };
        request.Headers.ExpectContinue = true;
        using var response = await gateway.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Spoofable_and_hop_by_hop_headers_stop_at_the_gateway_in_both_directions()
    {
        using var gateway = fixture.Graph.Client("gateway");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{TestGraph.EdgeProbeRoute}/headers");
        request.Headers.TryAddWithoutValidation(CorrelationHeader, "edge-probe-correlation");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.7");
        request.Headers.TryAddWithoutValidation("X-Real-IP", "203.0.113.7");
        request.Headers.TryAddWithoutValidation("X-Original-URL", "/api/products/admin");
        request.Headers.TryAddWithoutValidation("X-HTTP-Method-Override", "DELETE");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=600");
        request.Headers.TryAddWithoutValidation("X-Shop-Note", "kept");

        using var response = await gateway.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>(Cancellation))!
            .ToDictionary(header => header.Key, header => header.Value, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("kept", received["X-Shop-Note"]);
        Assert.Equal("edge-probe-correlation", received[CorrelationHeader]);
        // The gateway's view of the caller (a loopback address here), not the caller's claim.
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(received["X-Forwarded-For"])), received["X-Forwarded-For"]);
        foreach (var header in new[] { "Forwarded", "X-Real-IP", "X-Original-URL", "X-HTTP-Method-Override", "Keep-Alive" })
        {
            Assert.False(received.ContainsKey(header), $"{header} reached the service");
        }
        foreach (var header in new[] { "Server", "X-Powered-By", "X-AspNet-Version" })
        {
            Assert.False(response.Headers.Contains(header), $"{header} reached the caller");
        }
    }

    [Fact]
    public async Task A_route_that_takes_longer_than_its_timeout_answers_504()
    {
        using var gateway = fixture.Graph.Client("gateway");

        using var slow = await gateway.GetAsync($"{TestGraph.EdgeProbeRoute}/slow", Cancellation);
        using var quick = await gateway.GetAsync($"{TestGraph.EdgeProbeRoute}/quick", Cancellation);

        Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
        Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
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
