using System.Globalization;
using Bychefiza.Deploy.Manifest;

namespace Bychefiza.Deploy.Chart;

/// <summary>
/// Turns a manifest environment into a container's <c>env</c> list: endpoints become the Kubernetes
/// Services of the release (or the managed services named in values), public URLs come from the
/// ingress values, and secret parameters are read from the existing Secret, never written out.
/// A secret inside a longer value (a connection string) is a variable of its own that the value
/// refers to as <c>$(NAME)</c>, which Kubernetes expands in the container.
/// </summary>
public sealed class EnvironmentResolver(AspireManifest manifest)
{
    /// <summary>Services listen on this port in their containers (non-root cannot bind 80).</summary>
    public const int ContainerPort = 8080;

    /// <summary>The port of each project's Kubernetes Service.</summary>
    public const int ServicePort = 80;

    public IReadOnlyList<EnvVariable> Resolve(IEnumerable<KeyValuePair<string, string>> environment)
    {
        var secrets = new SortedSet<string>(StringComparer.Ordinal);
        var variables = new List<EnvVariable>();
        foreach (var (name, value) in environment)
        {
            if (SecretOnly(value) is { } key)
            {
                variables.Add(new EnvVariable(name, null, key));
                continue;
            }
            var used = new SortedSet<string>(StringComparer.Ordinal);
            var resolved = Template(value, used);
            if (resolved is null)
            {
                continue; // refers to an endpoint that does not exist in the cluster (https inside it)
            }
            secrets.UnionWith(used);
            variables.Add(new EnvVariable(name, resolved, null));
        }
        return [.. secrets.Select(key => new EnvVariable(SecretVariable(key), null, key)), .. variables];
    }

    /// <summary>The variable a secret parameter is read into when a longer value embeds it.</summary>
    public static string SecretVariable(string key) => "SECRET_" + key.Replace('-', '_').ToUpperInvariant();

    /// <summary>The secret key when <paramref name="value"/> is exactly one secret parameter, else null.</summary>
    private string? SecretOnly(string value)
    {
        var references = Expressions.In(value).ToList();
        if (references.Count != 1 || $"{{{references[0].Resource}.{references[0].Path}}}" != value)
        {
            return null;
        }
        return SecretKey(references[0].Resource);
    }

    private string? SecretKey(string name)
    {
        var resource = manifest[name];
        return resource.Type switch
        {
            "parameter.v0" when resource.IsSecret => name,
            // The uri filter needs no work when the secret holds URI-safe passwords (docs/operations.md).
            "annotated.string" => Expressions.In(resource.Value ?? "").Select(r => SecretKey(r.Resource)).FirstOrDefault(),
            _ => null,
        };
    }

    /// <summary>The value as Helm template text for a double-quoted YAML string, or null when it cannot exist in the cluster.</summary>
    private string? Template(string value, ISet<string> secrets)
    {
        var unavailable = false;
        var text = Expressions.Replace(value, (resource, path) =>
        {
            var part = Reference(resource, path, secrets);
            unavailable |= part is null;
            return part ?? "";
        }, Literal);
        return unavailable ? null : text;
    }

    private string? Reference(string name, string path, ISet<string> secrets)
    {
        var resource = manifest[name];
        if (SecretKey(name) is { } key)
        {
            secrets.Add(key);
            return $"$({SecretVariable(key)})";
        }
        return (resource.Type, path) switch
        {
            ("parameter.v0", "value") => $"{{{{ index $.Values.parameters \"{name}\" }}}}",
            ("value.v0" or "container.v0", "connectionString") => Template(resource.ConnectionString ?? "", secrets),
            ("annotated.string", "value") => Template(resource.Value ?? "", secrets),
            ("container.v0", _) => Backing(resource, path),
            ("project.v0", _) => Project(resource, path),
            _ => throw new InvalidDataException($"Cannot resolve {{{name}.{path}}} for Kubernetes."),
        };
    }

    private static string Backing(ManifestResource container, string path)
    {
        var (binding, field) = Binding(container, path);
        return field switch
        {
            "host" => $"{{{{ include \"bychefiza.backing.host\" (dict \"root\" $ \"name\" \"{container.Name}\") }}}}",
            "port" => $"{{{{ include \"bychefiza.backing.port\" (dict \"root\" $ \"name\" \"{container.Name}\") }}}}",
            "scheme" or "targetPort" => container.BindingField(binding, field) ?? throw Unknown(container, path),
            _ => throw Unknown(container, path),
        };
    }

    private static string? Project(ManifestResource project, string path)
    {
        var (binding, field) = Binding(project, path);
        if (binding != "http")
        {
            return null; // TLS ends at the ingress; inside the cluster services speak plain HTTP
        }
        return field switch
        {
            "host" => $"{{{{ $.Release.Name }}}}-{project.Name}",
            "port" => ServicePort.ToString(CultureInfo.InvariantCulture),
            "targetPort" => ContainerPort.ToString(CultureInfo.InvariantCulture),
            "scheme" => "http",
            "url" when project.IsExternal => $"{{{{ include \"bychefiza.publicUrl\" (dict \"root\" $ \"name\" \"{project.Name}\") }}}}",
            "url" => $"http://{{{{ $.Release.Name }}}}-{project.Name}",
            _ => throw Unknown(project, path),
        };
    }

    private static (string Binding, string Field) Binding(ManifestResource resource, string path)
    {
        var parts = path.Split('.');
        return parts is ["bindings", var binding, var field] ? (binding, field) : throw Unknown(resource, path);
    }

    private static InvalidDataException Unknown(ManifestResource resource, string path) =>
        new($"Cannot resolve {{{resource.Name}.{path}}} for Kubernetes.");

    /// <summary>Literal text inside a double-quoted YAML string that Kubernetes also scans for $(VAR).</summary>
    private static string Literal(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("$(", "$$(", StringComparison.Ordinal)
            .Replace("{{", "{{ \"{{\" }}", StringComparison.Ordinal);
}

/// <summary>A container variable: a Helm-templated value, or a key of the release's existing Secret.</summary>
public sealed record EnvVariable(string Name, string? Value, string? SecretKey);
