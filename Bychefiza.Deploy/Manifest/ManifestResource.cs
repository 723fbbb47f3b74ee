using System.Text.Json;

namespace Bychefiza.Deploy.Manifest;

/// <summary>One resource of the manifest: a project, a container, a parameter or a derived value.</summary>
public sealed record ManifestResource(string Name, string Type, JsonElement Json)
{
    public static ManifestResource From(string name, JsonElement json) =>
        new(name, json.GetProperty("type").GetString() ?? "", json);

    public string? ConnectionString => Text("connectionString");

    public string? Value => Text("value");

    public string? Image => Text("image");

    public string? ProjectPath => Text("path");

    /// <summary>Environment variables in the manifest's order; values may hold {resource.path} expressions.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment =>
        Json.TryGetProperty("env", out var env)
            ? env.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? "")).ToList()
            : [];

    public IReadOnlyList<string> Args =>
        Json.TryGetProperty("args", out var args) ? args.EnumerateArray().Select(a => a.GetString() ?? "").ToList() : [];

    public string? Entrypoint => Text("entrypoint");

    public IReadOnlyList<string> VolumeTargets =>
        Json.TryGetProperty("volumes", out var volumes)
            ? volumes.EnumerateArray().Select(v => v.GetProperty("target").GetString() ?? "").ToList()
            : [];

    public bool IsSecret =>
        Json.TryGetProperty("inputs", out var inputs)
        && inputs.TryGetProperty("value", out var value)
        && value.TryGetProperty("secret", out var secret)
        && secret.GetBoolean();

    public bool IsExternal =>
        Json.TryGetProperty("bindings", out var bindings)
        && bindings.EnumerateObject().Any(b => b.Value.TryGetProperty("external", out var external) && external.GetBoolean());

    public string? BindingField(string binding, string field) =>
        Json.TryGetProperty("bindings", out var bindings)
        && bindings.TryGetProperty(binding, out var value)
        && value.TryGetProperty(field, out var property)
            ? property.ToString()
            : null;

    private string? Text(string property) => Json.TryGetProperty(property, out var value) ? value.GetString() : null;
}
