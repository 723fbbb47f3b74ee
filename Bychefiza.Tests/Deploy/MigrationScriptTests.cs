using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Deploy;

/// <summary>The SQL scripts of deploy/migrations, which the chart's Job and an operator's rollback run, on a real PostgreSQL.</summary>
public sealed class MigrationScriptTests
{
    private const string Tables = "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'";
    private const string Applied = "SELECT count(*) FROM \"__EFMigrationsHistory\"";

    [Fact]
    public async Task Every_service_migrates_up_then_down_then_up_again()
    {
        var services = Directory.GetDirectories(GeneratedChart.MigrationsFolder).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["auth", "orders", "payments", "products", "users"], services);
        await using var postgres = await LocalPostgres.StartAsync();

        foreach (var service in services)
        {
            var database = $"{service}_migrations";
            var up = Path.Combine(GeneratedChart.MigrationsFolder, service!, "up.sql");
            var down = Path.Combine(GeneratedChart.MigrationsFolder, service!, "down.sql");
            await postgres.PsqlAsync("postgres", $"CREATE DATABASE {database}");

            await postgres.PsqlAsync(database, file: up);
            var schema = await postgres.PsqlAsync(database, Tables);
            var migrations = await postgres.PsqlAsync(database, Applied);
            Assert.True(schema.Split(',').Length > 1, $"{service}: up created no tables");

            await postgres.PsqlAsync(database, file: down);
            Assert.Equal("__EFMigrationsHistory", await postgres.PsqlAsync(database, Tables));
            Assert.Equal("0", await postgres.PsqlAsync(database, Applied));

            await postgres.PsqlAsync(database, file: up);
            await postgres.PsqlAsync(database, file: up); // idempotent: a Job that runs twice changes nothing
            Assert.Equal(schema, await postgres.PsqlAsync(database, Tables));
            Assert.Equal(migrations, await postgres.PsqlAsync(database, Applied));
        }
    }

    [Fact]
    public void Scripts_reach_each_service_s_latest_migration()
    {
        foreach (var service in Directory.GetDirectories(GeneratedChart.MigrationsFolder).Select(Path.GetFileName))
        {
            var project = GeneratedChart.Manifest[service!].ProjectPath!;
            var migrations = Path.Combine(Repository.Root, Path.GetDirectoryName(project)!, "Data", "Migrations");
            var latest = Directory.GetFiles(migrations, "*_*.cs")
                .Select(Path.GetFileNameWithoutExtension)
                .Where(name => !name!.EndsWith(".Designer", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Last();

            var message = $"deploy/migrations/{service} is older than {latest}: run './bychefiza publish' and commit the result.";
            Assert.True(File.ReadAllText(Path.Combine(GeneratedChart.MigrationsFolder, service!, "up.sql")).Contains($"'{latest}'", StringComparison.Ordinal), message);
            Assert.True(File.ReadAllText(Path.Combine(GeneratedChart.MigrationsFolder, service!, "down.sql")).Contains($"'{latest}'", StringComparison.Ordinal), message);
        }
    }
}
