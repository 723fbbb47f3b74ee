using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Readiness of a service's database: a fresh connection and <c>SELECT 1</c> with a short timeout.
/// EF's own check goes through the retrying execution strategy and would keep <c>/ready</c> waiting
/// for half a minute when the database is down, which is exactly when the answer matters.
/// </summary>
internal sealed class DatabaseHealthCheck<TContext>(IServiceScopeFactory scopes) : IHealthCheck where TContext : DbContext
{
    private string? _connectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString ??= ProbeConnectionString());
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy($"{typeof(TContext).Name}: database unreachable ({e.GetType().Name})");
        }
    }

    // No pooling: a pooled connection would answer for a server that has since gone away.
    private string ProbeConnectionString()
    {
        using var scope = scopes.CreateScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<TContext>().Database.GetConnectionString();
        return new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3, CommandTimeout = 3 }.ConnectionString;
    }
}
