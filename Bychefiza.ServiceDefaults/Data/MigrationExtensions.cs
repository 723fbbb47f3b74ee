using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>Seeds a database after its migrations have been applied.</summary>
public interface IDbSeeder<in TContext> where TContext : DbContext
{
    Task SeedAsync(TContext context, CancellationToken cancellationToken);
}

public static class MigrationExtensions
{
    /// <summary>
    /// Connects the service to its own PostgreSQL database (<paramref name="connectionName"/> is the
    /// AppHost resource name) and, when <c>Database:MigrateOnStart</c> says so (by default only in
    /// Development), applies its migrations before the service starts answering. In Kubernetes the
    /// chart's migrations Job applies them instead, once, before the new pods start.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var maxPoolSize = builder.Configuration.GetValue<int?>("Database:MaxPoolSize");
        if (maxPoolSize is <= 0)
        {
            throw new InvalidOperationException($"Database:MaxPoolSize must be a positive number of connections; it is {maxPoolSize}.");
        }
        builder.AddNpgsqlDbContext<TContext>(connectionName, settings =>
        {
            settings.DisableHealthChecks = true;
            settings.ConnectionString = PooledConnections.Tune(settings.ConnectionString, maxPoolSize);
        });
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            typeof(TContext).Name,
            services => ActivatorUtilities.CreateInstance<DatabaseHealthCheck<TContext>>(services),
            failureStatus: null,
            tags: null,
            timeout: TimeSpan.FromSeconds(5)));
        var migrateOnStart = builder.Configuration.GetValue("Database:MigrateOnStart", builder.Environment.IsDevelopment());
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<MigrationHostedService<TContext>>(services, migrateOnStart));
        return builder;
    }

    /// <summary>As <see cref="AddServiceDatabase{TContext}"/>, then runs <typeparamref name="TSeeder"/> once the schema is current.</summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext, TSeeder>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
        where TSeeder : class, IDbSeeder<TContext>
    {
        builder.Services.AddScoped<IDbSeeder<TContext>, TSeeder>();
        return builder.AddServiceDatabase<TContext>(connectionName);
    }

    // Runs in StartAsync, so Kestrel does not accept requests until the schema is current.
    private sealed class MigrationHostedService<TContext>(IServiceProvider services, ILogger<MigrationHostedService<TContext>> logger, bool migrateOnStart)
        : IHostedService where TContext : DbContext
    {
        private const long MigrationLock = 0x42796368_4D696772; // "BychMigr", one per database

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            // Aspire turns on retries; a seeder's own transaction must run inside them as one unit.
            var strategy = context.Database.CreateExecutionStrategy();

            if (!migrateOnStart)
            {
                logger.LogInformation("Migrations of {Context} are applied by the deployment (Database:MigrateOnStart is false)", typeof(TContext).Name);
            }
            else if (context.Database.GetMigrations().Any())
            {
                await strategy.ExecuteAsync(async ct =>
                {
                    // Replicas starting together take turns: EF's own lock does not stop two of them
                    // applying the same migration to a database whose history table is still empty.
                    await context.Database.OpenConnectionAsync(ct);
                    try
                    {
                        await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLock})", ct);
                        var pending = (await context.Database.GetPendingMigrationsAsync(ct)).ToList();
                        await context.Database.MigrateAsync(ct);
                        logger.LogInformation("Database of {Context} is current ({Count} migrations applied now)", typeof(TContext).Name, pending.Count);
                    }
                    finally
                    {
                        // A broken session releases the lock by ending; a pooled one must be told.
                        try
                        {
                            await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
                        }
                        finally
                        {
                            await context.Database.CloseConnectionAsync();
                        }
                    }
                }, cancellationToken);
            }
            else
            {
                logger.LogInformation("{Context} has no migrations yet; its database is created by the AppHost", typeof(TContext).Name);
            }

            foreach (var seeder in scope.ServiceProvider.GetServices<IDbSeeder<TContext>>())
            {
                await strategy.ExecuteAsync(async ct =>
                {
                    context.ChangeTracker.Clear();
                    await seeder.SeedAsync(context, ct);
                }, cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
