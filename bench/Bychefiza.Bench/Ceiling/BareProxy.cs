using Yarp.ReverseProxy.Configuration;

namespace Bychefiza.Bench.Ceiling;

/// <summary>
/// YARP's own floor: one catch-all route to one destination, with none of the gateway's features
/// (no auth, rate limits, health probes, telemetry or logging).
/// </summary>
internal static class BareProxy
{
    public static async Task<int> RunAsync(int port, string destination)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "target", Match = new RouteMatch { Path = "{**rest}" } }],
            [new ClusterConfig { ClusterId = "target", Destinations = new Dictionary<string, DestinationConfig> { ["only"] = new() { Address = destination } } }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
        return 0;
    }
}
