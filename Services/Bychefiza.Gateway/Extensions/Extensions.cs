using Bychefiza.Gateway.Proxy;
using Bychefiza.Gateway.RateLimiting;

namespace Bychefiza.Gateway.Extensions;

internal static class Extensions
{
    public static void AddGatewayServices(this IHostApplicationBuilder builder)
    {
        // Routes and clusters live in configuration (ReverseProxy section): each route names the
        // policy it needs, "anonymous" where no sign-in is required. Destinations are Aspire resource
        // names that service discovery resolves to the replicas' addresses.
        // A destination that resolves to several replicas becomes one destination per replica.
        var proxy = builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddConfigFilter<ProxyDefaults>();
        builder.Services.Configure<ProxyOptions>(builder.Configuration.GetSection("Gateway:Proxy"));
        builder.Services.AddSingleton<ForwardedCounts>();
        builder.Services.AddRequestTimeouts();
        builder.AddEdgeHygiene(proxy);

        builder.AddBychefizaAuthentication();

        // Shared rate-limit counters. Short timeouts: a request must not wait on a Redis that is gone;
        // the limiter falls back to local counts, and readiness reports that instead of Redis' own check.
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true, options =>
        {
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2000;
            options.AsyncTimeout = 250;
            options.SyncTimeout = 250;
            // Replies are handled on the .NET thread pool rather than the client's own ten threads (bench/analysis.md).
            options.SocketManager = StackExchange.Redis.SocketManager.ThreadPool;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddGatewayRateLimits();

        // The SPA is served from its own origin and calls the API across origins. It sends bearer
        // tokens, never cookies, so credentials stay disallowed; it may read the headers it acts on.
        var allowedOrigins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(allowedOrigins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders(CorrelationIds.Header, "Retry-After", "Location", "ETag")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
    }
}
