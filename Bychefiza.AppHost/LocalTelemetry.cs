namespace Bychefiza.AppHost;

internal static class LocalTelemetryExtensions
{
    /// <summary>
    /// Bounds how long a service spends exporting telemetry to the dashboard. On Ctrl+C the dashboard
    /// stops before the services, and their final flush would otherwise retry against it for the
    /// default 10 s per signal, keeping every service alive for 15 s after it was told to stop.
    /// Only for local runs: a deployment's collector sets its own timeout.
    /// </summary>
    public static void BoundTelemetryExportToTheDashboard(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return;
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var project in @event.Model.Resources.OfType<ProjectResource>())
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(variables => variables["OTEL_EXPORTER_OTLP_TIMEOUT"] = "2000"));
            }
            return Task.CompletedTask;
        });
    }
}
