using System.Diagnostics;
using Aspire.Hosting;
using Bychefiza.AppHost.Infrastructure.Processes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Bychefiza.Bench.Graph;

/// <summary>
/// The AppHost's whole graph, started in processes mode without the dashboard, one process per
/// service, with its own state folder. Two things differ from `./bychefiza up`: services call each
/// other without Aspire's local proxy in between (see StartAsync), and the gateway's rate limits:
/// every bench request comes from 127.0.0.1, so the per-IP and per-email budgets are raised
/// (RateLimitSettings); the limiter itself still runs on every request.
/// </summary>
internal sealed class BenchGraph(DistributedApplication app, string adminPassword, TimeSpan startedIn) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>The gateway settings of the bench run, listed in docs/performance.md.</summary>
    public static readonly IReadOnlyDictionary<string, string> RateLimitSettings = new Dictionary<string, string>
    {
        ["RateLimiting__Anonymous__PermitLimit"] = "100000000",
        ["RateLimiting__SignedIn__PermitLimit"] = "100000000",
        ["RateLimiting__SensitivePerIp__PermitLimit"] = "100000000",
        ["RateLimiting__SensitivePerEmail__PermitLimit"] = "100000000",
    };

    public DistributedApplication App => app;

    public string AdminPassword => adminPassword;

    /// <summary>From the start of the AppHost to every resource healthy (build already done).</summary>
    public TimeSpan StartedIn => startedIn;

    /// <param name="startTimeout">How long the graph may take to become healthy; 4 minutes unless said.</param>
    public static async Task<BenchGraph> StartAsync(TimeSpan? startTimeout = null)
    {
        var runId = $"bench-{Guid.NewGuid():N}"[..18];
        var stateRoot = Path.Combine(Path.GetTempPath(), "bychefiza-bench");
        var adminPassword = $"admin-{Guid.NewGuid():N}";
        using var timeout = new CancellationTokenSource(startTimeout ?? StartTimeout);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Bychefiza_AppHost>(
            [
                "--Infrastructure:Mode=processes", $"--Infrastructure:RunId={runId}", $"--Infrastructure:StateRoot={stateRoot}",
                $"--Parameters:admin-password={adminPassword}",
                $"--Email:PickupDirectory={Path.Combine(stateRoot, $"{runId}-mail")}",
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        // Services reach each other on their own ports, as pods do behind a Kubernetes Service and as the
        // bare YARP reaches the bare Kestrel: Aspire's local proxy (dcp) in between would be a hop the
        // ceiling pair has not, and it took 0.3 of the 2 cores under browse through the gateway. The
        // ports are fixed for the run, so a service the soak restarts comes back where others expect it.
        // The services run as a deployment runs them (aspire-manifest.json and the chart):
        // - in the Production environment: the launch profiles say Development, with the developer
        //   exception page, DI's scope checks on every resolution and readable console logs. They migrate
        //   their databases at start, as the chart's migration Job would first.
        // - with OpenTelemetry's defaults: Aspire gives each service settings for its dashboard, which
        //   the manifest has not. Exemplars on every histogram measurement (`trace_based`), every span
        //   sampled, query strings unredacted, exports every second to the dashboard's address (none runs
        //   here: each export failed to connect and was kept for a retry). Only the service's name and
        //   resource attributes stay. Traces and metrics are still made, and Prometheus still scrapes.
        var ports = new HashSet<int>();
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project)
                .WithEndpoint("http", endpoint =>
                {
                    endpoint.IsProxied = false;
                    endpoint.Port = endpoint.TargetPort = LoopbackPorts.Free(ports);
                }, createIfNotExists: false)
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", Environments.Production)
                .WithEnvironment("Database__MigrateOnStart", "true")
                .WithEnvironment(context =>
                {
                    foreach (var name in context.EnvironmentVariables.Keys.Where(IsDashboardTelemetrySetting).ToList())
                    {
                        context.EnvironmentVariables.Remove(name);
                    }
                });
        }
        var gateway = builder.CreateResourceBuilder<ProjectResource>("gateway");
        foreach (var (name, value) in RateLimitSettings)
        {
            gateway.WithEnvironment(name, value);
        }
        // The AppHost's warnings only: the services' console output (mirrored per resource) and the
        // health checks failing while servers start would drown the bench's own lines and cost CPU.
        builder.Services.AddLogging(logging => logging
            .AddFilter("Bychefiza.AppHost.Resources", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("Aspire.Hosting", LogLevel.Warning)
            .SetMinimumLevel(LogLevel.Warning));

        var clock = Stopwatch.StartNew();
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            // Watched from before the start, so each resource's time is its own, not the end of StartAsync.
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            var firstHealthy = FirstHealthyAsync(app, clock, watching.Token);
            await app.StartAsync(timeout.Token);
            await WaitUntilAllHealthyAsync(app, timeout.Token);
            var startedIn = clock.Elapsed;
            await watching.CancelAsync();
            var healthy = await firstHealthy;
            Console.WriteLine("  healthy after: " + string.Join(", ", healthy.OrderBy(h => h.Value).Select(h => $"{h.Key} {h.Value.TotalSeconds:F1} s")));
            return new BenchGraph(app, adminPassword, startedIn);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Our services' processes, by resource name (gateway, products, …).</summary>
    public IReadOnlyList<string> Resources =>
        [.. app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Where(r => r is not ParameterResource).Select(r => r.Name)];

    /// <summary>
    /// Where <paramref name="resource"/>'s own process listens (no proxy in the bench graph), as an IPv4
    /// address: the ceiling pair listens on 127.0.0.1, and load must not go through a name lookup either.
    /// </summary>
    public Uri Endpoint(string resource) =>
        new UriBuilder(app.GetEndpoint(resource, "http")) { Host = "127.0.0.1" }.Uri;

    public ValueTask<string?> ConnectionStringAsync(string database) => app.GetConnectionStringAsync(database);

    /// <summary>Waits until every resource is healthy again (after a fault the soak injected).</summary>
    public Task WaitUntilAllHealthyAsync(CancellationToken cancellationToken) => WaitUntilAllHealthyAsync(app, cancellationToken);

    /// <summary>The operating system's id of the process the orchestrator runs for <paramref name="resource"/>.</summary>
    public int ProcessId(string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{resource} has no process id.");

    /// <summary>The first admin's email, as the AppHost's <c>admin-email</c> parameter gives it.</summary>
    public async Task<string> AdminEmailAsync() =>
        await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == "admin-email").GetValueAsync(default) ?? "";

    private static bool IsDashboardTelemetrySetting(string name) =>
        name.StartsWith("OTEL_", StringComparison.Ordinal) && name is not ("OTEL_SERVICE_NAME" or "OTEL_RESOURCE_ATTRIBUTES");

    private static async Task WaitUntilAllHealthyAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        var names = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(resource => resource is not ParameterResource)
            .Where(resource => !app.ResourceNotifications.TryGetCurrentState(resource.Name, out var state) || !state.Snapshot.IsHidden)
            .Select(resource => resource.Name);
        foreach (var name in names)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken);
        }
    }

    /// <summary>When each resource first reported healthy, on <paramref name="clock"/>, until cancelled: where a slow start went.</summary>
    private static async Task<IReadOnlyDictionary<string, TimeSpan>> FirstHealthyAsync(DistributedApplication app, Stopwatch clock, CancellationToken cancellationToken)
    {
        var times = new Dictionary<string, TimeSpan>();
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(cancellationToken))
            {
                if (update.Snapshot.HealthStatus == HealthStatus.Healthy && !update.Snapshot.IsHidden)
                {
                    times.TryAdd(update.Resource.Name, clock.Elapsed);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the graph is up: what was seen is the answer
        }
        return times;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
    }
}
