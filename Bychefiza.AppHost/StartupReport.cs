using System.Diagnostics;
using Bychefiza.AppHost.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bychefiza.AppHost;

internal static class StartupReportExtensions
{
    /// <summary>Says once, when every resource is healthy, how long that took and where the shop and API are.</summary>
    public static void AddStartupReport(
        this IDistributedApplicationBuilder builder,
        InfrastructureMode mode,
        IResourceBuilder<ProjectResource> shop,
        IResourceBuilder<ProjectResource> gateway)
    {
        // A monotonic clock from here, next to the AppHost's start: the process's start time is wall-clock
        // based, and a virtual machine whose clock was adjusted meanwhile reported minutes for seconds.
        var started = Stopwatch.GetTimestamp();
        builder.Services.AddHostedService(services => new StartupReport(
            started,
            services.GetRequiredService<DistributedApplicationModel>(),
            services.GetRequiredService<ResourceNotificationService>(),
            services.GetRequiredService<ILogger<StartupReport>>(),
            mode,
            shop.GetEndpoint("http"),
            gateway.GetEndpoint("http")));
    }

    private sealed class StartupReport(
        long started,
        DistributedApplicationModel model,
        ResourceNotificationService notifications,
        ILogger<StartupReport> logger,
        InfrastructureMode mode,
        EndpointReference shop,
        EndpointReference gateway) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var expected = model.Resources.Where(r => r is not ParameterResource).Select(r => r.Name).ToHashSet();
            var healthy = new HashSet<string>();

            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (update.Snapshot.IsHidden)
                {
                    expected.Remove(update.Resource.Name); // the dashboard itself, among others
                }
                if (!expected.Contains(update.Resource.Name))
                {
                    continue;
                }
                if (update.Snapshot.HealthStatus == HealthStatus.Healthy)
                {
                    healthy.Add(update.Resource.Name);
                }
                else
                {
                    healthy.Remove(update.Resource.Name);
                }

                if (healthy.SetEquals(expected))
                {
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    logger.LogInformation(
                        "All {Count} resources healthy after {Seconds:F1} s ({Mode} mode). Shop: {Shop}  Gateway: {Gateway}",
                        expected.Count, elapsed.TotalSeconds, mode.ToString().ToLowerInvariant(), shop.Url, gateway.Url);
                    return;
                }
            }
        }
    }
}
