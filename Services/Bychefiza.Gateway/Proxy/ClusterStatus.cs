using System.Collections.Concurrent;
using Bychefiza.ServiceDefaults.Auth;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Bychefiza.Gateway.Proxy;

/// <summary>Requests forwarded per destination (one service replica) since the gateway started.</summary>
internal sealed class ForwardedCounts
{
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public void Add(string destinationId) => _counts.AddOrUpdate(destinationId, 1, (_, count) => count + 1);

    public long Of(string destinationId) => _counts.GetValueOrDefault(destinationId);
}

internal sealed record ClusterStatus(string Id, string? LoadBalancingPolicy, IReadOnlyList<DestinationStatus> Destinations);

internal sealed record DestinationStatus(string Id, string Address, string ActiveHealth, string PassiveHealth, long Forwarded);

internal static class ClusterStatusApi
{
    /// <summary>Counts, per replica, the requests the gateway forwarded to it.</summary>
    public static IReverseProxyApplicationBuilder UseForwardedCounts(this IReverseProxyApplicationBuilder proxy)
    {
        var counts = proxy.ApplicationServices.GetRequiredService<ForwardedCounts>();
        proxy.Use(async (context, next) =>
        {
            await next();
            if (context.GetReverseProxyFeature().ProxiedDestination is { } destination)
            {
                counts.Add(destination.DestinationId);
            }
        });
        return proxy;
    }

    /// <summary>
    /// <c>GET /api/gateway/clusters</c> (admins): every service's replicas as this gateway sees them,
    /// their probed and passive health and how many requests each was sent.
    /// </summary>
    public static WebApplication MapClusterStatusApi(this WebApplication app)
    {
        app.MapGet("/api/gateway/clusters", (IProxyStateLookup state, ForwardedCounts counts) =>
            state.GetClusters().OrderBy(cluster => cluster.ClusterId, StringComparer.Ordinal).Select(cluster => new ClusterStatus(
                cluster.ClusterId,
                cluster.Model.Config.LoadBalancingPolicy,
                cluster.Destinations.Values.OrderBy(destination => destination.DestinationId, StringComparer.Ordinal).Select(destination => new DestinationStatus(
                    destination.DestinationId,
                    destination.Model.Config.Address,
                    destination.Health.Active.ToString(),
                    destination.Health.Passive.ToString(),
                    counts.Of(destination.DestinationId))).ToList())))
            .RequireAuthorization(Policies.Admin);
        return app;
    }
}
