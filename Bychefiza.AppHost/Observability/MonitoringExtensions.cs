using Bychefiza.AppHost.Infrastructure;

namespace Bychefiza.AppHost.Observability;

/// <summary>
/// Prometheus scraping every service's <c>/metrics</c> (both modes) and Grafana with the shop's
/// dashboard (containers mode). Local runs only: a cluster brings its own monitoring, so neither is
/// in the manifest or the Helm chart.
/// </summary>
internal static class MonitoringExtensions
{
    private static string ConfigFolder => Path.Combine(AppContext.BaseDirectory, "Observability");

    /// <summary>Declared last, so that every project is known and scraped.</summary>
    public static void AddMonitoring(this IDistributedApplicationBuilder builder, IInfrastructure infrastructure)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return;
        }

        var prometheus = infrastructure.AddPrometheus("prometheus", ConfigFolder);
        var projects = builder.Resources.OfType<ProjectResource>().ToList();
        for (var index = 0; index < projects.Count; index++)
        {
            var project = projects[index];
            var address = new EndpointReference(project, "http").Property(EndpointProperty.HostAndPort);
            var target = ReferenceExpression.Create($"{ServiceOf(project.Name)} {project.Name} {address}");
            var variable = $"SCRAPE_TARGET_{index}";
            prometheus.Resource.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables[variable] = target));
        }

        if (infrastructure.Mode == InfrastructureMode.Containers)
        {
            builder.AddGrafana(prometheus);
        }
    }

    private static void AddGrafana(this IDistributedApplicationBuilder builder, IResourceBuilder<IResourceWithEndpoints> prometheus)
    {
        var password = builder.AddParameter("grafana-password", new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);
        builder.AddContainer("grafana", "grafana/grafana", "12.1.1")
            .WithBindMount(Path.Combine(ConfigFolder, "grafana"), "/etc/bychefiza/grafana", isReadOnly: true)
            .WithEnvironment("GF_PATHS_PROVISIONING", "/etc/bychefiza/grafana/provisioning")
            .WithEnvironment("GF_SECURITY_ADMIN_PASSWORD", password)
            // Looking needs no sign-in locally; changing anything needs the admin's password.
            .WithEnvironment("GF_AUTH_ANONYMOUS_ENABLED", "true")
            .WithEnvironment("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer")
            .WithEnvironment("PROMETHEUS_URL", new EndpointReference(prometheus.Resource, "http"))
            .WithHttpEndpoint(targetPort: 3000, name: "http")
            .WithHttpHealthCheck("/api/health")
            .WaitFor(prometheus);
    }

    // Extra replicas are named products-2, gateway-2, …: they belong to the service of the first.
    internal static string ServiceOf(string resource) =>
        resource.LastIndexOf('-') is var dash and > 0 && resource[(dash + 1)..].All(char.IsAsciiDigit) ? resource[..dash] : resource;
}
