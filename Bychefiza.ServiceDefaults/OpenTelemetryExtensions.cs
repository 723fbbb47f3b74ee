using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class OpenTelemetryExtensions
{
    /// <summary>
    /// Instruments the framework records on every request, connection hand-off or buffer rent, whose
    /// figures the kept ones already give. Each measurement costs a tag-set lookup under load; these
    /// were more than a dozen per request the gateway proxies (docs/architecture.md, ServiceDefaults).
    /// </summary>
    public static readonly string[] RedundantPerOperationInstruments =
    [
        // In-flight requests: rate(http_*_request_duration_seconds_sum) is their average (Little's law).
        "http.server.active_requests",
        "http.client.active_requests",
        // Moves between idle and active on every request; kestrel.active_connections counts each service's own.
        "http.client.open_connections",
        // A count per request of what http.route on the request durations already says.
        "aspnetcore.routing.match_attempts",
        // Kestrel's buffers, per rent and per return; the pool's size is allocated minus evicted, both kept.
        "aspnetcore.memory_pool.rented",
        "aspnetcore.memory_pool.pooled",
    ];

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Bychefiza.*")
                // EF Core's and Npgsql's own meters: queries, saves, pool use (Aspire's integration adds Npgsql's tracing).
                .AddMeter("Microsoft.EntityFrameworkCore", "Npgsql")
                // Also at /metrics, in Prometheus' text format, for a scraper inside the cluster.
                .AddPrometheusExporter()
                .DropInstruments(RedundantPerOperationInstruments))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("Bychefiza.*")
                .AddAspNetCoreInstrumentation(options =>
                    // Probes arrive every few seconds and would drown real traffic in the trace view.
                    options.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    private static MeterProviderBuilder DropInstruments(this MeterProviderBuilder metrics, IEnumerable<string> names) =>
        names.Aggregate(metrics, (builder, name) => builder.AddView(name, MetricStreamConfiguration.Drop));

    private static bool IsProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/ready") || path.StartsWithSegments(HealthEndpoints.MetricsPath);
}
