using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

[Collection(GraphCollection.Name)]
public sealed class TopologyTests(GraphFixture fixture)
{
    public static readonly TheoryData<string> Projects = ["auth", "users", "products", "products-2", "orders", "payments", "gateway", "gateway-2", "web"];

    private TestGraph Graph => fixture.Graph;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_declared_resource_is_running_and_healthy()
    {
        string[] expected =
        [
            "postgres", "authdb", "userdb", "productdb", "orderdb", "paymentdb", "redis", "rabbitmq",
            "auth", "users", "products", "orders", "payments", "gateway", "web",
            "products-2", "gateway-2", // the replicas the test graph asks for
            "prometheus", // local runs only; Grafana joins it in containers mode
        ];

        Assert.Equal(expected.Order(), Graph.ResourceNames.Order());
        foreach (var name in expected)
        {
            Assert.True(Graph.App.ResourceNotifications.TryGetCurrentState(name, out var state), $"{name} has no state");
            Assert.True(state.Snapshot.State?.Text == KnownResourceStates.Running, $"{name} is {state.Snapshot.State?.Text}");
            Assert.True(state.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
                $"{name} is {state.Snapshot.HealthStatus}");
        }
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Each_service_runs_as_its_built_assembly_without_a_launcher(string project)
    {
        var pid = Graph.ProcessId(project);

        // The orchestrator's process is the service itself: `dotnet exec` of the assembly the build made,
        // not a `dotnet run` that evaluates the project and then starts the service as its child.
        var commandLine = ProcessCommandLine.Of(pid);
        var service = project.Split('-')[0];
        var configuration = typeof(TopologyTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        Assert.Equal("exec", commandLine[1]);
        Assert.EndsWith($"/bin/{configuration}/net10.0/Bychefiza.{char.ToUpperInvariant(service[0])}{service[1..]}.dll", commandLine[2], StringComparison.Ordinal);
        var children = Directory.EnumerateDirectories($"/proc/{pid}/task").SelectMany(task => File.ReadAllText($"{task}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(children);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task Health_and_ready_answer_200(string project)
    {
        using var client = Graph.Client(project);

        using var health = await client.GetAsync("/health", Cancellation);
        using var ready = await client.GetAsync("/ready", Cancellation);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = await ready.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("auth", "Bychefiza.Auth.Data.AuthDbContext")]
    [InlineData("users", "Bychefiza.Users.Data.UsersDbContext")]
    [InlineData("products", "Bychefiza.Products.Data.ProductsDbContext")]
    [InlineData("orders", "Bychefiza.Orders.Data.OrdersDbContext")]
    [InlineData("payments", "Bychefiza.Payments.Data.PaymentsDbContext")]
    public async Task Readiness_checks_the_service_database_and_broker(string service, string databaseCheck)
    {
        using var client = Graph.Client(service);

        var report = await client.GetFromJsonAsync<JsonElement>("/ready", Cancellation);

        var checks = report.GetProperty("checks").EnumerateObject().Select(check => check.Name).ToList();
        Assert.Contains(checks, name => name.EndsWith(databaseCheck.Split('.').Last(), StringComparison.Ordinal));
        Assert.Contains(checks, name => name.Contains("RabbitMQ", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("auth", "Bychefiza Auth API")]
    [InlineData("users", "Bychefiza Users API")]
    [InlineData("products", "Bychefiza Products API")]
    [InlineData("categories", "Bychefiza Products API")]
    [InlineData("orders", "Bychefiza Orders API")]
    [InlineData("payments", "Bychefiza Payments API")]
    public async Task Each_api_prefix_reaches_its_service_through_the_gateway(string prefix, string servedBy)
    {
        using var gateway = Graph.Client("gateway");

        var document = await gateway.GetFromJsonAsync<JsonElement>($"/api/{prefix}/openapi/v1.json", Cancellation);

        Assert.Equal(servedBy, document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Gateway_answers_404_for_paths_outside_the_public_api()
    {
        using var gateway = Graph.Client("gateway");

        using var response = await gateway.GetAsync("/internal/reservations", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Web_serves_the_spa_with_fallback_routing_and_the_gateway_address()
    {
        using var web = Graph.Client("web");

        var root = await web.GetStringAsync("/", Cancellation);
        var deepLink = await web.GetStringAsync("/orders/42", Cancellation);
        var config = await web.GetFromJsonAsync<JsonElement>("/config.json", Cancellation);

        Assert.Contains("<div id=\"root\">", root, StringComparison.Ordinal);
        Assert.Equal(root, deepLink);
        Assert.Equal(Graph.Endpoint("gateway").ToString().TrimEnd('/'), config.GetProperty("gatewayUrl").GetString());
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("gateway-2")]
    public async Task Gateway_allows_the_web_origin_and_refuses_others(string replica)
    {
        using var gateway = Graph.Client(replica);
        var webOrigin = Graph.Endpoint("web").GetLeftPart(UriPartial.Authority);

        using var allowed = await gateway.SendAsync(Preflight(webOrigin), Cancellation);
        using var refused = await gateway.SendAsync(Preflight("http://evil.example"), Cancellation);
        using var actual = new HttpRequestMessage(HttpMethod.Get, "/api/categories");
        actual.Headers.Add("Origin", webOrigin);
        using var answer = await gateway.SendAsync(actual, Cancellation);

        Assert.Equal(webOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        var allowedHeaders = allowed.Headers.GetValues("Access-Control-Allow-Headers").Single();
        Assert.Contains("authorization", allowedHeaders, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("idempotency-key", allowedHeaders, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("600", allowed.Headers.GetValues("Access-Control-Max-Age").Single()); // browsers cache the preflight
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(webOrigin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("X-Correlation-ID", answer.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"), "the SPA sends bearer tokens, never cookies");

        static HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/api/orders");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
            return request;
        }
    }

    [Fact]
    public async Task Ready_turns_unhealthy_while_the_database_is_stopped_and_recovers_when_it_is_back()
    {
        var commands = Graph.App.ResourceCommands;
        using var products = Graph.Client("products");

        var stopped = await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StopCommand, Cancellation);
        Assert.True(stopped.Success, stopped.Message);
        try
        {
            await Poll.UntilAsync(() => StatusOf(products, "/ready"), status => status == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(60), "unready after PostgreSQL stopped");
            Assert.Equal(HttpStatusCode.OK, await StatusOf(products, "/health")); // liveness does not depend on the database
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand, Cancellation);
            Assert.True(started.Success, started.Message);
        }

        await Poll.UntilAsync(() => StatusOf(products, "/ready"), status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "ready again after PostgreSQL started");

        // Leave the shared graph as it was found for the tests that follow.
        using var recovered = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        recovered.CancelAfter(TimeSpan.FromSeconds(90));
        await Graph.WaitUntilAllHealthyAsync(recovered.Token);
    }

    private static async Task<HttpStatusCode> StatusOf(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Cancellation);
        return response.StatusCode;
    }
}
