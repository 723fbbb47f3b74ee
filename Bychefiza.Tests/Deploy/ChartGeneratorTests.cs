using System.Text.RegularExpressions;
using Bychefiza.Deploy.Chart;

namespace Bychefiza.Tests.Deploy;

public sealed class ChartGeneratorTests
{
    private static readonly string[] Projects = ["auth", "users", "products", "orders", "payments", "gateway", "web"];

    private readonly SortedDictionary<string, string> _chart = GeneratedChart.Generate();

    [Fact]
    public void Every_project_gets_a_deployment_service_autoscaler_disruption_budget_and_network_policy()
    {
        foreach (var project in Projects)
        {
            Assert.Contains("kind: Deployment", File(project, "deployment"), StringComparison.Ordinal);
            Assert.Contains("kind: Service", File(project, "service"), StringComparison.Ordinal);
            Assert.Contains("kind: HorizontalPodAutoscaler", File(project, "hpa"), StringComparison.Ordinal);
            Assert.Contains("name: cpu", File(project, "hpa"), StringComparison.Ordinal);
            Assert.Contains("kind: PodDisruptionBudget", File(project, "pdb"), StringComparison.Ordinal);
            Assert.Contains("kind: NetworkPolicy", File(project, "networkpolicy"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Deployments_probe_health_and_ready_and_run_without_root_on_a_read_only_filesystem()
    {
        foreach (var project in Projects)
        {
            var deployment = File(project, "deployment");
            Assert.Matches(@"livenessProbe:\s+httpGet:\s+path: /health", deployment);
            Assert.Matches(@"readinessProbe:\s+httpGet:\s+path: /ready", deployment);
            Assert.Contains("include \"bychefiza.podSecurityContext\" (dict \"uid\" 1654)", deployment, StringComparison.Ordinal);
            Assert.Contains("include \"bychefiza.containerSecurityContext\" (dict \"readOnly\" true)", deployment, StringComparison.Ordinal);
            Assert.Matches(@"- name: tmp\s+mountPath: /tmp", deployment);
            Assert.Contains("toYaml $service.resources", deployment, StringComparison.Ordinal);
            Assert.Contains($"include \"bychefiza.image\" (dict \"root\" $ \"image\" $service.image)", deployment, StringComparison.Ordinal);
        }
        Assert.Contains("runAsNonRoot: true", _chart["templates/_helpers.tpl"], StringComparison.Ordinal);
    }

    [Fact]
    public void Only_web_and_gateway_get_an_ingress()
    {
        var ingresses = _chart.Keys.Where(path => path.EndsWith("/ingress.yaml", StringComparison.Ordinal));

        Assert.Equal(["templates/gateway/ingress.yaml", "templates/web/ingress.yaml"], ingresses);
    }

    [Fact]
    public void Secrets_are_read_from_the_existing_secret_and_never_written_into_the_chart()
    {
        var everything = string.Join('\n', _chart.Values);

        Assert.DoesNotContain("kind: Secret", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("inputs.value", everything, StringComparison.Ordinal);
        // A password appears only as $(SECRET_…), a variable the container reads from the existing Secret.
        Assert.DoesNotMatch(@"Password=[^$]", everything);
        Assert.All(Regex.Matches(everything, @"://[a-z]+:(?<password>[^@\s""]*)@").Select(m => m.Groups["password"].Value),
            password => Assert.StartsWith("$(SECRET_", password, StringComparison.Ordinal));
        foreach (var project in Projects.Where(p => File(p, "deployment").Contains("$(SECRET_", StringComparison.Ordinal)))
        {
            var deployment = File(project, "deployment");
            foreach (var variable in Regex.Matches(deployment, @"\$\((?<name>SECRET_[A-Z_]+)\)").Select(m => m.Groups["name"].Value).Distinct())
            {
                Assert.Matches($@"- name: {variable}\s+valueFrom:\s+secretKeyRef:\s+name: {{{{ \$\.Values\.secrets\.existingSecret }}}}", deployment);
            }
        }
        Assert.Contains("existingSecret: bychefiza-secrets", _chart["values.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_strings_and_service_references_resolve_to_the_release_services()
    {
        var orders = File("orders", "deployment");

        Assert.Contains("Host={{ include \"bychefiza.backing.host\" (dict \"root\" $ \"name\" \"postgres\") }};", orders, StringComparison.Ordinal);
        Assert.Contains(";Database=orderdb\"", orders, StringComparison.Ordinal);
        Assert.Matches(@"- name: services__products__http__0\s+value: ""http://\{\{ \$\.Release\.Name \}\}-products""", orders);
        // TLS ends at the ingress: no https endpoint exists inside the cluster.
        Assert.DoesNotContain("services__products__https__0", orders, StringComparison.Ordinal);
        Assert.Matches(@"- name: HTTP_PORTS\s+value: ""8080""", orders);
        Assert.Matches(@"- name: Database__MigrateOnStart\s+value: ""false""", orders);
        // What browsers use is the public address from the ingress values.
        Assert.Contains("include \"bychefiza.publicUrl\" (dict \"root\" $ \"name\" \"gateway\")", File("web", "deployment"), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_database_server_admits_only_the_services_that_use_it()
    {
        Assert.Equal(["auth", "users", "products", "orders", "payments", ChartGenerator.Migrations], Admitted("postgres"));
        Assert.Equal(["products", "gateway"], Admitted("redis"));
        Assert.Equal(["auth", "users", "products", "orders", "payments"], Admitted("rabbitmq"));
    }

    [Fact]
    public void Services_admit_their_callers_and_only_gateway_and_web_admit_the_ingress_controller()
    {
        Assert.Equal(["users", "products", "orders", "payments", "gateway"], Admitted("auth"));
        Assert.Equal(["gateway"], Admitted("users"));
        Assert.Equal(["orders", "gateway"], Admitted("products"));
        Assert.Equal(["gateway"], Admitted("orders"));
        Assert.Equal(["gateway"], Admitted("payments"));
        foreach (var project in Projects)
        {
            var admitsIngress = File(project, "networkpolicy").Contains("networkPolicy.ingressController", StringComparison.Ordinal);
            Assert.Equal(project is "gateway" or "web", admitsIngress);
        }
        Assert.Contains("policyTypes: [Ingress]", _chart["templates/networkpolicy.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_component_nobody_calls_admits_nobody()
    {
        Assert.Equal("  ingress: []", Fragments.IngressRules("http", [], fromIngressController: false));
    }

    [Fact]
    public void Backing_services_are_stateful_sets_with_volume_claims_unless_a_managed_service_is_named()
    {
        foreach (var backing in new[] { "postgres", "redis", "rabbitmq" })
        {
            var statefulSet = File(backing, "statefulset");
            Assert.Contains("kind: StatefulSet", statefulSet, StringComparison.Ordinal);
            Assert.Contains("volumeClaimTemplates:", statefulSet, StringComparison.Ordinal);
            Assert.StartsWith($"{{{{- $backing := .Values.{backing} }}}}\n{{{{- if not $backing.external.host }}}}", statefulSet, StringComparison.Ordinal);
            Assert.Contains($"{backing}:\n  image: ", _chart["values.yaml"], StringComparison.Ordinal);
        }
        Assert.Contains("mountPath: /var/lib/postgresql", File("postgres", "statefulset"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_migrations_job_runs_every_up_script_before_upgrades()
    {
        var job = _chart["templates/migrations/job.yaml"];

        Assert.Contains("kind: Job", job, StringComparison.Ordinal);
        Assert.Contains("include \"bychefiza.migrations.hook\"", job, StringComparison.Ordinal);
        Assert.Contains("pre-install,pre-upgrade", _chart["templates/_helpers.tpl"], StringComparison.Ordinal);
        foreach (var (project, database) in new[] { ("auth", "authdb"), ("products", "productdb"), ("orders", "orderdb"), ("payments", "paymentdb") })
        {
            Assert.Contains($"migrate {project} {database}", job, StringComparison.Ordinal);
            Assert.True(_chart.ContainsKey($"migrations/{project}.up.sql"), $"{project}'s up script is not in the chart");
        }
    }

    [Fact]
    public void Generating_twice_gives_identical_files()
    {
        Assert.Equal(_chart, GeneratedChart.Generate());
    }

    private string File(string component, string kind) => _chart[$"templates/{component}/{kind}.yaml"];

    private List<string> Admitted(string component) =>
        Regex.Matches(File(component, "networkpolicy"), @"\(dict ""root"" \$ ""name"" ""(?<name>[a-z]+)""\) \| nindent 14")
            .Select(m => m.Groups["name"].Value)
            .ToList();
}
