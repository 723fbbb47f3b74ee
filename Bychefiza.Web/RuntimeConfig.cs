using Microsoft.Extensions.Options;

namespace Bychefiza.Web;

public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The gateway's address as a browser reaches it (the AppHost sets it; ingress in a cluster).</summary>
    public string PublicUrl { get; set; } = "";
}

public sealed record RuntimeConfigResponse(string GatewayUrl);

internal static class RuntimeConfigEndpoints
{
    /// <summary>What the SPA needs to know at run time, so one build of it serves every environment.</summary>
    public static IEndpointRouteBuilder MapRuntimeConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet("/config.json", (IOptions<GatewayOptions> gateway, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new RuntimeConfigResponse(gateway.Value.PublicUrl.TrimEnd('/')));
        }).WithName("GetRuntimeConfig");
        return app;
    }
}
