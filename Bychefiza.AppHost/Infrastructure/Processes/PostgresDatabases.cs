using Npgsql;

namespace Bychefiza.AppHost.Infrastructure.Processes;

internal static class PostgresDatabases
{
    /// <summary>Creates each database that does not exist yet, as Aspire does for its PostgreSQL container.</summary>
    public static async Task CreateMissingAsync(PostgresProcessResource server, IEnumerable<string> databases, CancellationToken cancellationToken)
    {
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
        // Unpooled: this runs again after the server restarts, when a pooled connection would be dead.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        foreach (var database in databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = database } },
            };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                // CREATE DATABASE takes no parameters; the name is quoted as an identifier.
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
