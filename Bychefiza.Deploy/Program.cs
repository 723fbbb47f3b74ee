using Bychefiza.Deploy.Chart;
using Bychefiza.Deploy.Manifest;
using Bychefiza.Deploy.Migrations;

// ./bychefiza publish runs both, from the repository root, after writing aspire-manifest.json:
//   Bychefiza.Deploy migrations <manifest> <deploy/migrations> <configuration>
//   Bychefiza.Deploy chart <manifest> <deploy/migrations> <deploy/helm/bychefiza>
switch (args)
{
    case ["migrations", var manifestPath, var migrationsFolder, var configuration]:
        var scripts = new MigrationScripts(AspireManifest.Load(manifestPath), Directory.GetCurrentDirectory(), configuration);
        await scripts.WriteAsync(migrationsFolder, CancellationToken.None);
        return 0;

    case ["chart", var manifestPath, var migrationsFolder, var chartFolder]:
        var generator = new ChartGenerator(AspireManifest.Load(manifestPath), MigrationScripts.ReadUpScripts(migrationsFolder));
        var files = generator.Generate();
        ChartFolder.Write(chartFolder, files);
        Console.WriteLine($"{chartFolder}: {files.Count} files");
        return 0;

    default:
        Console.Error.WriteLine("usage: Bychefiza.Deploy migrations <manifest> <migrations folder> <configuration>");
        Console.Error.WriteLine("       Bychefiza.Deploy chart <manifest> <migrations folder> <chart folder>");
        return 2;
}
