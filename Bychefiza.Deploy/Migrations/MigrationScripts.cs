using System.Diagnostics;
using Bychefiza.Deploy.Chart;
using Bychefiza.Deploy.Manifest;

namespace Bychefiza.Deploy.Migrations;

/// <summary>
/// The SQL of each service's EF Core migrations in <c>deploy/migrations/{project}/</c>: <c>up.sql</c>,
/// idempotent, brings any earlier schema to the latest; <c>down.sql</c> takes the latest schema back
/// to an empty database. Written with <c>dotnet ef</c> from the built projects.
/// </summary>
public sealed class MigrationScripts(AspireManifest manifest, string repositoryRoot, string configuration)
{
    public const string Up = "up.sql";
    public const string Down = "down.sql";

    /// <summary>The up scripts already written under <paramref name="folder"/>, by project.</summary>
    public static SortedDictionary<string, string> ReadUpScripts(string folder) =>
        new(Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder)
                .Where(d => File.Exists(Path.Combine(d, Up)))
                .ToDictionary(d => Path.GetFileName(d), d => File.ReadAllText(Path.Combine(d, Up)))
            : [], StringComparer.Ordinal);

    public async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        var topology = new Topology(manifest);
        Directory.CreateDirectory(folder);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in manifest.Projects.Where(p => topology.DatabasesOf(p).Count > 0))
        {
            var projectFolder = Path.GetDirectoryName(Path.Combine(repositoryRoot, project.ProjectPath!))!;
            var migrations = Path.Combine(projectFolder, "Data", "Migrations");
            var latest = Directory.Exists(migrations)
                ? Directory.EnumerateFiles(migrations, "*_*.cs")
                    .Select(Path.GetFileNameWithoutExtension)
                    .Where(name => !name!.EndsWith(".Designer", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .LastOrDefault()
                : null;
            if (latest is null)
            {
                continue; // no migrations yet
            }
            var output = Directory.CreateDirectory(Path.Combine(folder, project.Name)).FullName;
            var environment = DesignTimeConnections(project, topology);
            await ScriptAsync(project, environment, Path.Combine(output, Up), ["--idempotent"], cancellationToken);
            await ScriptAsync(project, environment, Path.Combine(output, Down), [latest, "0"], cancellationToken);
            written.Add(project.Name);
            Console.WriteLine($"deploy/migrations/{project.Name}: up to {latest}, and down");
        }
        foreach (var stale in Directory.EnumerateDirectories(folder).Where(d => !written.Contains(Path.GetFileName(d))))
        {
            Directory.Delete(stale, recursive: true);
        }
    }

    /// <summary>Connection strings that let a DbContext be built at design time; nothing connects to them.</summary>
    private Dictionary<string, string> DesignTimeConnections(ManifestResource project, Topology topology)
    {
        var databases = topology.DatabasesOf(project).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var connections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (variable, _) in project.Environment.Where(v => v.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
        {
            var name = variable["ConnectionStrings__".Length..];
            connections[variable] = databases.Contains(name)
                ? $"Host=localhost;Database={name};Username=design;Password=design"
                : manifest[name].ConnectionString?.StartsWith("amqp", StringComparison.Ordinal) == true
                    ? "amqp://design:design@localhost:1"
                    : "localhost:1";
        }
        return connections;
    }

    private async Task ScriptAsync(ManifestResource project, Dictionary<string, string> environment, string output, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] command = ["ef", "migrations", "script", .. arguments, "--project", project.ProjectPath!,
            "--configuration", configuration, "--no-build", "--output", output];
        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var log = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', command)} failed:\n{await log}\n{await errors}");
        }
        // dotnet ef writes CRLF-free text but ends without a newline on some versions: make reruns identical.
        var script = (await File.ReadAllTextAsync(output, cancellationToken)).ReplaceLineEndings("\n").TrimEnd() + "\n";
        await File.WriteAllTextAsync(output, script, cancellationToken);
    }
}
