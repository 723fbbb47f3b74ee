using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every Bychefiza service gets: telemetry, health, discovery, resilience, problem details.</summary>
public static class Extensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddStructuredLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails();
        Bychefiza.ServiceDefaults.Validation.BadRequestProblems.AddTo(builder.Services);
        Bychefiza.ServiceDefaults.Validation.NulCharacters.AddTo(builder.Services);
        // First in every pipeline, so even an error answer carries the id.
        builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, CorrelationIds.StartupFilter>();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Liveness says only that the process answers; every other check (database, Redis, RabbitMQ)
        // is registered by its client integration and counts toward readiness.
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag]);
        // The database checks' state as a metric as well (bychefiza.health.status), for alerts; only
        // those, so the publisher adds no connections to the broker or Redis.
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthMetrics>();
        builder.Services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Period = TimeSpan.FromSeconds(15);
            options.Predicate = HealthMetrics.IsDatabaseCheck;
        });
        return builder;
    }
}
