using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Bychefiza.Gateway.Proxy;

/// <summary>The <c>Gateway:Proxy</c> section: what every route and cluster gets unless its own configuration says otherwise.</summary>
public sealed class ProxyOptions
{
    /// <summary>How long a request may take through any route without a <c>Timeout</c> of its own.</summary>
    public TimeSpan RouteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each replica's <c>/ready</c> is probed; two failures in a row take it out.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a replica whose connections failed stays out before it gets traffic again.</summary>
    public TimeSpan ReactivationPeriod { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// One policy for every cluster and route, given here once rather than repeated in each one's
/// configuration: requests spread over a service's replicas by power of two choices; each replica's
/// <c>/ready</c> is probed and a replica whose connections fail is ejected; every route has a timeout.
/// </summary>
internal sealed class ProxyDefaults(IOptionsMonitor<ProxyOptions> options) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        var defaults = options.CurrentValue;
        return ValueTask.FromResult(cluster with
        {
            LoadBalancingPolicy = cluster.LoadBalancingPolicy ?? LoadBalancingPolicies.PowerOfTwoChoices,
            HealthCheck = cluster.HealthCheck ?? new HealthCheckConfig
            {
                // A service whose every replica reports not ready (its broker is down, say) still gets
                // the requests: it can answer many of them, and a 503 for all would be worse.
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = defaults.ProbeInterval,
                    Timeout = defaults.ProbeTimeout,
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/ready",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = defaults.ReactivationPeriod,
                },
            },
        });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route.Timeout is null && route.TimeoutPolicy is null
            ? route with { Timeout = options.CurrentValue.RouteTimeout }
            : route);
}

internal static class RouteTimeouts
{
    /// <summary>
    /// A route's timeout cancels the forwarded request the way a caller who went away does, and YARP
    /// answers that as a cancelled request. The caller is still there and is owed a 504.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseRouteTimeouts(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            await next();
            if (context.GetForwarderErrorFeature() is not null
                && context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true
                && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            }
        });
        return proxy;
    }
}
