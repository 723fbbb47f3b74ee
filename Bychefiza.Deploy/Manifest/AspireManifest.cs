using System.Text.Json;

namespace Bychefiza.Deploy.Manifest;

/// <summary>The resources of an aspire-manifest.json, in the order the AppHost declared them.</summary>
public sealed class AspireManifest
{
    private readonly Dictionary<string, ManifestResource> _byName;

    private AspireManifest(IReadOnlyList<ManifestResource> resources)
    {
        Resources = resources;
        _byName = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ManifestResource> Resources { get; }

    public IEnumerable<ManifestResource> Projects => Resources.Where(r => r.Type == "project.v0");

    public IEnumerable<ManifestResource> Containers => Resources.Where(r => r.Type == "container.v0");

    public ManifestResource this[string name] =>
        _byName.TryGetValue(name, out var resource) ? resource : throw new InvalidDataException($"The manifest has no resource '{name}'.");

    public static AspireManifest Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var resources = document.RootElement.GetProperty("resources").EnumerateObject()
            .Select(property => ManifestResource.From(property.Name, property.Value.Clone()))
            .ToList();
        return new AspireManifest(resources);
    }

    public static AspireManifest Load(string path) => Parse(File.ReadAllText(path));
}
