using Bychefiza.Deploy.Chart;
using Bychefiza.Deploy.Manifest;
using Bychefiza.Deploy.Migrations;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Deploy;

/// <summary>The chart the generator makes from the committed manifest and migration scripts.</summary>
public static class GeneratedChart
{
    public static string ManifestPath => Path.Combine(Repository.Root, "aspire-manifest.json");

    public static string MigrationsFolder => Path.Combine(Repository.Root, "deploy", "migrations");

    public static string ChartFolder => Path.Combine(Repository.Root, "deploy", "helm", "bychefiza");

    public static AspireManifest Manifest => AspireManifest.Load(ManifestPath);

    public static SortedDictionary<string, string> Generate() =>
        new ChartGenerator(Manifest, MigrationScripts.ReadUpScripts(MigrationsFolder)).Generate();
}
