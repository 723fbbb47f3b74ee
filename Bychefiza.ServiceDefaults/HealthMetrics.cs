using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The database checks as the gauge <c>bychefiza.health.status</c> (1 healthy or degraded, 0
/// unhealthy) per check, with its kind, so Prometheus can alert on a database that does not
/// answer. Fed by the health check publisher every 15 s.
/// </summary>
internal sealed class HealthMetrics : IHealthCheckPublisher
{
    public const string MeterName = "Bychefiza.Health";

    private readonly ConcurrentDictionary<string, int> _status = new();

    public HealthMetrics(IMeterFactory meters) =>
        meters.Create(MeterName).CreateObservableGauge("bychefiza.health.status", Observe, "{status}",
            "1 when the dependency check is healthy or degraded, 0 when it is unhealthy.");

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries)
        {
            _status[name] = entry.Status == HealthStatus.Unhealthy ? 0 : 1;
        }
        return Task.CompletedTask;
    }

    public static bool IsDatabaseCheck(HealthCheckRegistration check) => KindOf(check.Name) == "database";

    private IEnumerable<Measurement<int>> Observe() =>
        _status.Select(check => new Measurement<int>(check.Value, new("check", check.Key), new("kind", KindOf(check.Key))));

    // The client integrations name their checks after what they check: "…DbContext", "StackExchange.Redis", "RabbitMQ.Client".
    private static string KindOf(string check) =>
        check.Contains("DbContext", StringComparison.Ordinal) || check.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) || check.Contains("Postgre", StringComparison.OrdinalIgnoreCase) ? "database"
        : check.Contains("Redis", StringComparison.OrdinalIgnoreCase) ? "cache"
        : check.Contains("RabbitMQ", StringComparison.OrdinalIgnoreCase) ? "broker"
        : "other";
}
