using Npgsql;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace Bychefiza.AppHost.Infrastructure.Processes;

/// <summary>
/// Health checks that make <c>WaitFor</c> wait until a process really answers, not merely runs.
/// The connection string is read at each check: it is only known once ports are allocated.
/// </summary>
internal static class ProcessHealthChecks
{
    /// <summary>Healthy once <paramref name="probe"/> reaches the server at the resource's connection string.</summary>
    public static IResourceBuilder<T> WithProcessHealthCheck<T>(this IResourceBuilder<T> resource, Func<string, CancellationToken, Task> probe)
        where T : IResourceWithConnectionString =>
        resource.WithReadinessCheck(async cancellationToken =>
        {
            var connectionString = await resource.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken)
                ?? throw new InvalidOperationException($"{resource.Resource.Name} has no connection string yet.");
            await probe(connectionString, cancellationToken);
        });

    public static async Task PostgresAnswers(string connectionString, CancellationToken cancellationToken)
    {
        // No pooling: a connection pooled before a restart would say nothing about the server now.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public static async Task RedisAnswers(string connectionString, CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 3000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        await connection.GetDatabase().PingAsync();
    }

    public static async Task RabbitMQAnswers(string connectionString, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString), RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
    }
}
