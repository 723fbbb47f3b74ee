using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

public static class HealthEndpoints
{
    public const string LiveTag = "live";

    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Maps <c>/health</c> (liveness), <c>/ready</c> (readiness, one entry per dependency) and
    /// <c>/metrics</c> (Prometheus) in every environment. None of them is routed by the gateway's
    /// <c>/api</c> routes; a deployment's ingress sends only <c>/api</c> and <c>/docs</c> to the gateway.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = WriteReport,
        }).DisableHttpMetrics();

        app.MapHealthChecks("/ready", new HealthCheckOptions
        {
            ResponseWriter = WriteReport,
        }).DisableHttpMetrics();

        app.MapPrometheusScrapingEndpoint(MetricsPath).DisableHttpMetrics();
        return app;
    }

    // Names and states only: exception messages can carry host names or connection details.
    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            totalMilliseconds = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), milliseconds = Math.Round(entry.Value.Duration.TotalMilliseconds, 1) }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
