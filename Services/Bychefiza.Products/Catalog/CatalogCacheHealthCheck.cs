using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bychefiza.Products.Catalog;

/// <summary>
/// Readiness says Degraded, not Unhealthy, while Redis is gone: the catalog is served from the
/// database meanwhile, so the gateway must keep routing to this replica.
/// </summary>
public sealed class CatalogCacheHealthCheck(CatalogCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(cache.Available
            ? HealthCheckResult.Healthy("The catalog is cached in Redis.")
            : HealthCheckResult.Degraded("Redis does not answer: the catalog is read from the database."));
}
