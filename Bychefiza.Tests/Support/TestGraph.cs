using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bychefiza.Tests.Support;

/// <summary>
/// The real AppHost, started the way CI can run it: local processes for the infrastructure, no
/// dashboard, random ports, and a fresh state folder under its own run id.
/// </summary>
public sealed class TestGraph : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Sign-ins, registrations or reset requests per email address in 10 s, at the tests' gateway.</summary>
    public const int SensitivePerEmailLimit = 20;

    /// <summary>The gateway's processes in this run; tests alternate between them.</summary>
    public static readonly string[] GatewayReplicas = ["gateway", "gateway-2"];

    /// <summary>The catalog's processes in this run.</summary>
    public static readonly string[] ProductsReplicas = ["products", "products-2"];

    /// <summary>The signing secret of the payments service's Stripe webhook in this run (the provider stays the simulator).</summary>
    public const string StripeWebhookSecret = "whsec_bychefiza_tests";

    /// <summary>How long a just-replaced refresh token counts as a race in the tests' auth service.</summary>
    public static readonly TimeSpan RefreshReuseGrace = TimeSpan.FromSeconds(2);

    private TestGraph(
        DistributedApplication app, string runId, string stateRoot, string adminPassword, string mailFolder, FakeIdentityProvider identityProvider, HttpStub edgeProbe,
        OtlpReceiver telemetry, System.Runtime.CompilerServices.StrongBox<TimeSpan> paymentLatency)
    {
        _paymentLatency = paymentLatency;
        App = app;
        Telemetry = telemetry;
        IdentityProvider = identityProvider;
        EdgeProbe = edgeProbe;
        RunId = runId;
        StateRoot = stateRoot;
        AdminPassword = adminPassword;
        Mailbox = new Mailbox(mailFolder);
    }

    /// <summary>
    /// The external provider auth trusts in this run: as <c>corp</c> (OpenID Connect) and as <c>github</c>.
    /// Google is left unconfigured, so its routes must be absent.
    /// </summary>
    public FakeIdentityProvider IdentityProvider { get; }

    /// <summary>
    /// A service of the tests' own behind the gateway at <see cref="EdgeProbeRoute"/>: it answers with
    /// the headers it received and adds fingerprints of its own; under <c>slow</c> it takes longer
    /// than the route's timeout, <see cref="EdgeProbeTimeout"/>.
    /// </summary>
    public HttpStub EdgeProbe { get; }

    public const string EdgeProbeRoute = "/api/edge-probe";

    public static readonly TimeSpan EdgeProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly System.Runtime.CompilerServices.StrongBox<TimeSpan> _paymentLatency;

    /// <summary>
    /// How long every call to the payment simulator takes (<c>Payments:Simulator:Latency</c>); read
    /// when payments starts, so a change takes effect on its next restart.
    /// </summary>
    public TimeSpan PaymentLatency
    {
        get => _paymentLatency.Value;
        set => _paymentLatency.Value = value;
    }

    /// <summary>The collector every service of this run exports its spans to, in place of the dashboard.</summary>
    public OtlpReceiver Telemetry { get; }

    /// <summary>The mail the services sent during this run (their pickup folder).</summary>
    public Mailbox Mailbox { get; }

    /// <summary>The first admin's email, as the AppHost's <c>admin-email</c> parameter gives it.</summary>
    public string AdminEmail { get; private set; } = "";

    public string AdminPassword { get; }

    /// <summary>A fresh access token of the first admin, signed in through <paramref name="gateway"/>.</summary>
    public async Task<string> AdminAccessTokenAsync(HttpClient gateway) =>
        (await Accounts.SignInAsync(gateway, AdminEmail, AdminPassword)).AccessToken;

    public DistributedApplication App { get; }

    /// <summary>Every process of this graph carries <c>BYCHEFIZA_RUN=RunId</c> in its environment.</summary>
    public string RunId { get; }

    public string StateRoot { get; }

    public static async Task<TestGraph> StartAsync(CancellationToken cancellationToken)
    {
        var runId = $"test-{Guid.NewGuid():N}"[..17];
        var stateRoot = Path.Combine(Path.GetTempPath(), "bychefiza-tests");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);

        var adminPassword = $"admin-{Guid.NewGuid():N}";

        var mailFolder = Path.Combine(stateRoot, $"{runId}-mail");
        var identityProvider = await FakeIdentityProvider.StartAsync();
        var edgeProbe = await HttpStub.StartAsync(request => new StubResponse(
            200,
            System.Text.Json.JsonSerializer.Serialize(request.Headers),
            request.Path.EndsWith("/slow", StringComparison.Ordinal) ? 5 * EdgeProbeTimeout : TimeSpan.Zero,
            new Dictionary<string, string> { ["Server"] = "stub/1.0", ["X-Powered-By"] = "stub", ["X-AspNet-Version"] = "4.0.30319" }));

        var telemetry = await OtlpReceiver.StartAsync();

        // Mail and external sign-in go in as the AppHost's own configuration, the way a developer sets them.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Bychefiza_AppHost>(
            [
                "--Infrastructure:Mode=processes", $"--Infrastructure:RunId={runId}", $"--Infrastructure:StateRoot={stateRoot}",
                $"--Parameters:admin-password={adminPassword}",
                $"--Email:PickupDirectory={mailFolder}",
                $"--Auth:External:corp:Authority={identityProvider.Issuer}",
                "--Auth:External:corp:DisplayName=Corp SSO",
                $"--Auth:External:corp:ClientId={FakeIdentityProvider.ClientId}",
                $"--Auth:External:corp:ClientSecret={FakeIdentityProvider.ClientSecret}",
                $"--Auth:External:github:ClientId={FakeIdentityProvider.ClientId}",
                $"--Auth:External:github:ClientSecret={FakeIdentityProvider.ClientSecret}",
                $"--Auth:External:github:GitHubWebUrl={identityProvider.Issuer}",
                $"--Auth:External:github:GitHubApiUrl={identityProvider.Issuer}",
                $"--Payments:Stripe:WebhookSecret={StripeWebhookSecret}",
                // Two catalogs and two gateways: balancing, ejection and shared limits are tested on them.
                "--Replicas:products=2", "--Replicas:gateway=2",
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        // Every test comes from 127.0.0.1: per-IP and per-user limits far above the suite's traffic,
        // and a per-email limit low enough for a test to reach.
        // Replicas are probed every second, so a stopped one is out within seconds.
        foreach (var gateway in GatewayReplicas)
        {
            builder.CreateResourceBuilder<ProjectResource>(gateway)
                .WithEnvironment("RateLimiting__Anonymous__PermitLimit", "1000000")
                .WithEnvironment("RateLimiting__SignedIn__PermitLimit", "1000000")
                .WithEnvironment("RateLimiting__SensitivePerIp__PermitLimit", "1000000")
                .WithEnvironment("RateLimiting__SensitivePerEmail__PermitLimit", SensitivePerEmailLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("RateLimiting__SensitivePerEmail__WindowSeconds", "10")
                .WithEnvironment("Gateway__Proxy__ProbeInterval", "00:00:01")
                .WithEnvironment("Gateway__Proxy__ProbeTimeout", "00:00:01")
                .WithEnvironment("ReverseProxy__Routes__edge-probe__ClusterId", "edge-probe")
                .WithEnvironment("ReverseProxy__Routes__edge-probe__AuthorizationPolicy", "anonymous")
                .WithEnvironment("ReverseProxy__Routes__edge-probe__Match__Path", EdgeProbeRoute + "/{**rest}")
                .WithEnvironment("ReverseProxy__Routes__edge-probe__Timeout", EdgeProbeTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("ReverseProxy__Clusters__edge-probe__Destinations__stub__Address", edgeProbe.BaseAddress.ToString());
        }
        // Abandoned checkout requests are swept within seconds rather than a quarter of an hour.
        builder.CreateResourceBuilder<ProjectResource>("orders")
            .WithEnvironment("Orders__IdempotencyKeys__AbandonedAfter", "00:00:02")
            .WithEnvironment("Orders__IdempotencyKeys__SweepEvery", "00:00:01");
        var paymentLatency = new System.Runtime.CompilerServices.StrongBox<TimeSpan>(TimeSpan.Zero);
        builder.CreateResourceBuilder<ProjectResource>("payments")
            .WithEnvironment(context => context.EnvironmentVariables["Payments__Simulator__Latency"] =
                paymentLatency.Value.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        builder.CreateResourceBuilder<ProjectResource>("auth")
            .WithEnvironment("Auth__RefreshTokens__ReuseGrace", RefreshReuseGrace.ToString("c", System.Globalization.CultureInfo.InvariantCulture));

        // Every service exports its telemetry to the tests' collector over OTLP/HTTP, spans within half a
        // second (metrics seldom: tests read them at /metrics), and logs JSON lines as outside Development.
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", telemetry.Endpoint.ToString().TrimEnd('/'))
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "500")
                .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "60000")
                // Aspire asks for its own simple format under this exact name; the same key replaces it.
                .WithEnvironment("LOGGING__CONSOLE__FORMATTERNAME", "bychefiza-json");
        }
        builder.CreateResourceBuilder<ProjectResource>("auth").WithEnvironment("Auth__ActiveUsers__CountEvery", "00:00:01");

        // Warnings and errors only: every resource's console output at Information drowns a failure.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        var app = await builder.BuildAsync(timeout.Token);
        var graph = new TestGraph(app, runId, stateRoot, adminPassword, mailFolder, identityProvider, edgeProbe, telemetry, paymentLatency);
        try
        {
            await app.StartAsync(timeout.Token);
            await graph.WaitUntilAllHealthyAsync(timeout.Token);
            graph.AdminEmail = await graph.ParameterAsync("admin-email", timeout.Token);
            return graph;
        }
        catch
        {
            await graph.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The resources the AppHost declares: infrastructure, databases, services, gateway and web; not
    /// parameters, nor the helpers Aspire hides from the dashboard (a project's rebuilder).
    /// </summary>
    public IReadOnlyList<string> ResourceNames =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(resource => resource is not ParameterResource)
            .Where(resource => !App.ResourceNotifications.TryGetCurrentState(resource.Name, out var state) || !state.Snapshot.IsHidden)
            .Select(resource => resource.Name)
            .ToList();

    public async Task WaitUntilAllHealthyAsync(CancellationToken cancellationToken)
    {
        foreach (var resource in ResourceNames)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
    }

    public async Task<string> ParameterAsync(string name, CancellationToken cancellationToken) =>
        await App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(parameter => parameter.Name == name)
            .GetValueAsync(cancellationToken) ?? "";

    public Uri Endpoint(string resource) => App.GetEndpoint(resource, "http");

    /// <summary>
    /// A connection of its own to one of the graph's databases. Unpooled: a test stops and restarts
    /// PostgreSQL, and a pooled connection from before would fail its next command.
    /// </summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        var connectionString = await App.GetConnectionStringAsync(database, cancellationToken);
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>The operating system's id of the process the orchestrator runs for <paramref name="resource"/>.</summary>
    public int ProcessId(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{resource} has no process id.");

    public HttpClient Client(string resource) => new() { BaseAddress = Endpoint(resource), Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await IdentityProvider.DisposeAsync();
        await EdgeProbe.DisposeAsync();
        await Telemetry.DisposeAsync();
        Mailbox.Delete();
    }
}
