using System.Text.RegularExpressions;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Deploy;

/// <summary>
/// The committed chart as a cluster would see it, offline: helm (v4, from .bychefiza/tools) lints and
/// renders it, and every rendered object is checked against the Kubernetes schemas by
/// Bychefiza.Deploy/validation. <c>./bychefiza setup</c> installs both; a missing one fails the test.
/// </summary>
public sealed class ChartValidationTests
{
    private static readonly string Helm = Path.Combine(Repository.Root, ".bychefiza", "tools", "helm", "helm");
    private static readonly string Validator = Path.Combine(Repository.Root, "Bychefiza.Deploy", "validation", "validate.mjs");

    // A cluster that brings its own PostgreSQL, Redis and RabbitMQ.
    private static readonly string[] ManagedServices =
    [
        "--set", "postgres.external.host=db.example.internal",
        "--set", "redis.external.host=cache.example.internal",
        "--set", "redis.external.port=6380",
        "--set", "rabbitmq.external.host=mq.example.internal",
    ];

    [Fact]
    public async Task Chart_passes_helm_lint_strict()
    {
        var lint = await HelmAsync("lint", "--strict", GeneratedChart.ChartFolder);

        Assert.True(lint.ExitCode == 0, $"helm lint --strict failed: {lint}");
    }

    [Fact]
    public async Task Every_object_of_a_self_contained_install_is_valid_kubernetes()
    {
        var rendered = await RenderAsync();

        await AssertValidAsync(rendered);
        Assert.Equal(3, Count(rendered, "StatefulSet"));
        Assert.Equal(7, Count(rendered, "Deployment"));
        Assert.Equal(7, Count(rendered, "HorizontalPodAutoscaler"));
        Assert.Equal(7, Count(rendered, "PodDisruptionBudget"));
        Assert.Equal(2, Count(rendered, "Ingress"));
        Assert.Equal(0, Count(rendered, "Secret"));
        Assert.Contains("helm.sh/hook: post-install,pre-upgrade", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_object_with_managed_services_is_valid_kubernetes_and_points_at_them()
    {
        var rendered = await RenderAsync(ManagedServices);

        await AssertValidAsync(rendered);
        Assert.Equal(0, Count(rendered, "StatefulSet"));
        Assert.Contains("Host=db.example.internal;Port=5432;", rendered, StringComparison.Ordinal);
        Assert.Contains("cache.example.internal:6380,password=$(SECRET_REDIS_PASSWORD)", rendered, StringComparison.Ordinal);
        Assert.Contains("@mq.example.internal:5672", rendered, StringComparison.Ordinal);
        Assert.Contains("helm.sh/hook: pre-install,pre-upgrade", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rendered_objects_set_the_public_addresses_and_the_image_from_values()
    {
        var rendered = await RenderAsync("--set", "ingress.hosts.web=shop.example.com", "--set", "image.registry=registry.example.com/bychefiza",
            "--set", "services.orders.image.tag=1.2.3");

        Assert.Contains("value: \"https://shop.example.com\"", rendered, StringComparison.Ordinal);
        Assert.Contains("image: \"registry.example.com/bychefiza/bychefiza/orders:1.2.3\"", rendered, StringComparison.Ordinal);
        Assert.Contains("image: \"registry.example.com/bychefiza/bychefiza/auth:0.1.0\"", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_ingress_routes_only_the_api_and_its_reference()
    {
        var rendered = await RenderAsync("--show-only", "templates/gateway/ingress.yaml");
        var web = await RenderAsync("--show-only", "templates/web/ingress.yaml");

        Assert.Equal(["/api", "/docs"], IngressPaths(rendered));
        Assert.Equal(["/"], IngressPaths(web));
    }

    private static string[] IngressPaths(string rendered) =>
        [.. Regex.Matches(rendered, @"^\s*- path: (\S+)$", RegexOptions.Multiline).Select(match => match.Groups[1].Value)];

    private static async Task<string> RenderAsync(params string[] values)
    {
        var template = await HelmAsync(["template", "bychefiza", GeneratedChart.ChartFolder, "--namespace", "shop", .. values]);
        Assert.True(template.ExitCode == 0, $"helm template failed: {template}");
        return template.Output;
    }

    private static async Task AssertValidAsync(string rendered)
    {
        Assert.True(File.Exists(Path.Combine(Repository.Root, "Bychefiza.Deploy", "validation", "node_modules", ".package-lock.json")),
            "The Kubernetes schemas are not installed: run ./bychefiza setup.");
        var validation = await Command.RunAsync("node", [Validator], input: rendered);
        Assert.True(validation.ExitCode == 0, $"Objects that are not valid Kubernetes: {validation}");
    }

    private static Task<Command.Result> HelmAsync(params string[] arguments)
    {
        Assert.True(File.Exists(Helm), $"helm is not installed at {Helm}: run ./bychefiza setup.");
        // Nothing of the user's helm configuration or cache is read, and nothing is fetched.
        var home = Path.Combine(Path.GetTempPath(), "bychefiza-helm");
        return Command.RunAsync(Helm, arguments, environment: new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(home, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(home, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(home, "data"),
        });
    }

    private static int Count(string rendered, string kind) =>
        Regex.Matches(rendered, $"^kind: {kind}$", RegexOptions.Multiline).Count;
}
