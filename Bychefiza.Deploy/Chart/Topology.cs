using Bychefiza.Deploy.Manifest;

namespace Bychefiza.Deploy.Chart;

/// <summary>Who depends on whom in the manifest: projects on projects and on backing services, and which databases each project owns.</summary>
public sealed class Topology(AspireManifest manifest)
{
    /// <summary>The projects and containers <paramref name="project"/>'s environment refers to, directly or through connection strings.</summary>
    public IReadOnlySet<string> DependenciesOf(ManifestResource project) =>
        project.Environment.SelectMany(variable => Roots(variable.Value))
            .Where(name => name != project.Name)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The projects whose environment refers to <paramref name="name"/>, in manifest order.</summary>
    public IReadOnlyList<string> CallersOf(string name) =>
        manifest.Projects.Where(p => DependenciesOf(p).Contains(name)).Select(p => p.Name).ToList();

    /// <summary>The databases <paramref name="project"/> owns: the <c>ConnectionStrings__X</c> whose X is a database of a server.</summary>
    public IReadOnlyList<ProjectDatabase> DatabasesOf(ManifestResource project) =>
        project.Environment
            .Where(v => v.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
            .Select(v => v.Key["ConnectionStrings__".Length..])
            .Where(name => ServerOf(name) is not null)
            .Select(name => new ProjectDatabase(name, ServerOf(name)!))
            .ToList();

    /// <summary>Every database of every project, in manifest order.</summary>
    public IReadOnlyList<(ManifestResource Project, ProjectDatabase Database)> Databases =>
        manifest.Projects.SelectMany(p => DatabasesOf(p).Select(d => (p, d))).ToList();

    /// <summary>The container <paramref name="name"/> is a database of (a value whose connection string extends the server's), or null.</summary>
    public string? ServerOf(string name)
    {
        var resource = manifest[name];
        if (resource.Type != "value.v0" || resource.ConnectionString is not { } connectionString)
        {
            return null;
        }
        return Expressions.In(connectionString)
            .Where(r => r.Path == "connectionString" && manifest[r.Resource].Type == "container.v0")
            .Select(r => r.Resource)
            .FirstOrDefault();
    }

    private IEnumerable<string> Roots(string text)
    {
        foreach (var (name, path) in Expressions.In(text))
        {
            var resource = manifest[name];
            switch (resource.Type)
            {
                // The URL of an external project is its public address: browsers use it, through the ingress.
                case "project.v0" when resource.IsExternal && path.EndsWith(".url", StringComparison.Ordinal):
                    break;
                case "project.v0" or "container.v0":
                    yield return name;
                    break;
                case "value.v0" or "annotated.string":
                    foreach (var root in Roots(resource.ConnectionString ?? resource.Value ?? ""))
                    {
                        yield return root;
                    }
                    break;
            }
        }
    }
}

/// <summary>A database a project owns, on the server (a container resource) that hosts it.</summary>
public sealed record ProjectDatabase(string Name, string Server);
