using System.Globalization;
using Bychefiza.Deploy.Manifest;

namespace Bychefiza.Deploy.Chart;

/// <summary>
/// The Helm chart of the manifest, as file paths (relative to the chart folder) and contents. For
/// every project: Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy,
/// and an Ingress when its endpoints are external; for every container: a StatefulSet with its
/// volume claim, a Service and a NetworkPolicy, all left out when values name a managed service;
/// and the Job that migrates the databases from the up scripts of <c>deploy/migrations</c>.
/// </summary>
public sealed class ChartGenerator(AspireManifest manifest, IReadOnlyDictionary<string, string> upScripts)
{
    /// <summary>The component name of the migrations Job, which may reach the database servers.</summary>
    public const string Migrations = "migrations";

    /// <summary>Services turn start-up migration off when this is false; the chart's Job migrates instead.</summary>
    public const string MigrateOnStartVariable = "Database__MigrateOnStart";

    private readonly Topology _topology = new(manifest);
    private readonly EnvironmentResolver _resolver = new(manifest);

    public SortedDictionary<string, string> Generate()
    {
        var server = DatabaseServer();
        var common = new Dictionary<string, string> { ["server"] = server ?? "" };
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Chart.yaml"] = Template.Read("Chart.yaml"),
            [".helmignore"] = Template.Read(".helmignore"),
            ["values.yaml"] = new ValuesFile(manifest).Write(),
            ["templates/_helpers.tpl"] = Template.Fill("_helpers.tpl", common),
            ["templates/networkpolicy.yaml"] = Template.Read("networkpolicy.yaml"),
        };
        foreach (var project in manifest.Projects)
        {
            AddProject(files, project);
        }
        foreach (var container in manifest.Containers)
        {
            AddBackingService(files, container);
        }
        if (server is not null)
        {
            AddMigrations(files, server);
        }
        return files;
    }

    private void AddProject(IDictionary<string, string> files, ManifestResource project)
    {
        var environment = project.Environment.ToList();
        if (_topology.DatabasesOf(project).Count > 0)
        {
            environment.Add(KeyValuePair.Create(MigrateOnStartVariable, "false"));
        }
        var holes = new Dictionary<string, string>
        {
            ["name"] = project.Name,
            ["containerPort"] = EnvironmentResolver.ContainerPort.ToString(CultureInfo.InvariantCulture),
            ["servicePort"] = EnvironmentResolver.ServicePort.ToString(CultureInfo.InvariantCulture),
            ["env"] = Fragments.Env(_resolver.Resolve(environment), indent: 12),
            ["ingress"] = Fragments.IngressRules("http", _topology.CallersOf(project.Name), fromIngressController: project.IsExternal),
        };
        foreach (var kind in new[] { "deployment", "service", "hpa", "pdb", "networkpolicy" })
        {
            files[$"templates/{project.Name}/{kind}.yaml"] = Template.Fill($"project/{kind}.yaml", holes);
        }
        if (project.IsExternal)
        {
            files[$"templates/{project.Name}/ingress.yaml"] = Template.Fill("project/ingress.yaml", holes);
        }
    }

    private void AddBackingService(IDictionary<string, string> files, ManifestResource container)
    {
        var callers = _topology.CallersOf(container.Name).ToList();
        if (container.Name == DatabaseServer())
        {
            callers.Add(Migrations);
        }
        var holes = new Dictionary<string, string>
        {
            ["name"] = container.Name,
            ["port"] = BackingPort(container),
            ["dataPath"] = container.VolumeTargets.FirstOrDefault() ?? "/data",
            ["command"] = Command(container),
            ["env"] = Fragments.Env(_resolver.Resolve(container.Environment), indent: 12),
            ["ingress"] = Fragments.IngressRules("tcp", callers, fromIngressController: false),
        };
        foreach (var kind in new[] { "statefulset", "service", "networkpolicy" })
        {
            files[$"templates/{container.Name}/{kind}.yaml"] = Template.Fill($"backing/{kind}.yaml", holes);
        }
    }

    private void AddMigrations(IDictionary<string, string> files, string server)
    {
        // psql reads the server and the superuser from the same variables the server container is given.
        var serverEnvironment = _resolver.Resolve(manifest[server].Environment);
        var connection = new List<EnvVariable>
        {
            new("PGHOST", $"{{{{ include \"bychefiza.backing.host\" (dict \"root\" $ \"name\" \"{server}\") }}}}", null),
            new("PGPORT", $"{{{{ include \"bychefiza.backing.port\" (dict \"root\" $ \"name\" \"{server}\") }}}}", null),
            serverEnvironment.Single(v => v.Name == "POSTGRES_USER") with { Name = "PGUSER" },
            serverEnvironment.Single(v => v.Name == "POSTGRES_PASSWORD") with { Name = "PGPASSWORD" },
        };
        var databases = _topology.Databases
            .Select(d => $"              migrate {d.Project.Name} {d.Database.Name}");
        var holes = new Dictionary<string, string>
        {
            ["server"] = server,
            ["databases"] = string.Join('\n', databases),
            ["env"] = Fragments.Env(connection, indent: 12),
        };
        files["templates/migrations/configmap.yaml"] = Template.Fill("migrations/configmap.yaml", holes);
        files["templates/migrations/job.yaml"] = Template.Fill("migrations/job.yaml", holes);
        foreach (var (project, script) in upScripts)
        {
            files[$"migrations/{project}.up.sql"] = script.ReplaceLineEndings("\n");
        }
    }

    /// <summary>The one container that hosts the projects' databases, or null when no project has one.</summary>
    private string? DatabaseServer() =>
        _topology.Databases.Select(d => d.Database.Server).Distinct().SingleOrDefault();

    private static string BackingPort(ManifestResource container) =>
        container.BindingField("tcp", "targetPort") ?? throw new InvalidDataException($"Container {container.Name} has no tcp binding with a target port.");

    /// <summary>The container's entrypoint and arguments as the manifest gives them, or nothing for the image's own.</summary>
    private static string Command(ManifestResource container)
    {
        var lines = new List<string>();
        if (container.Entrypoint is { } entrypoint)
        {
            lines.Add($"          command: [{Quoted(entrypoint)}]");
        }
        if (container.Args.Count > 0)
        {
            lines.Add($"          args: [{string.Join(", ", container.Args.Select(Quoted))}]");
        }
        return string.Join('\n', lines);
    }

    private static string Quoted(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
