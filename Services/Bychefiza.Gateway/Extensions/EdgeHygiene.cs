using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Bychefiza.Gateway.Extensions;

/// <summary>The <c>Gateway</c> section.</summary>
public sealed class EdgeOptions
{
    /// <summary>
    /// The largest request body the gateway takes (1 MB by default). A route may set its own in its
    /// metadata under the same name (the avatar upload does).
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The limit of the route <paramref name="context"/> matched, or the gateway's.</summary>
    public long LimitFor(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata;
        if (metadata is null || !metadata.TryGetValue(nameof(MaxRequestBodyBytes), out var value))
        {
            return MaxRequestBodyBytes;
        }
        return long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? limit
            : throw new InvalidOperationException($"Route metadata {nameof(MaxRequestBodyBytes)} must be a positive number of bytes, not '{value}'.");
    }
}

/// <summary>What the edge adds and removes on every exchange: body limits, security headers, no server fingerprint.</summary>
internal static class EdgeHygiene
{
    // Headers a service might add that say what runs behind the gateway.
    private static readonly string[] FingerprintHeaders = ["Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version", "X-SourceFiles"];

    // Headers a caller might send to be believed by something behind the gateway: another client
    // address than its own, another path or method than the one the routes authorized. The gateway
    // sets X-Forwarded-For/Proto/Host/Prefix itself, replacing whatever the caller sent; hop-by-hop
    // headers (Connection, Keep-Alive, TE, Upgrade, Proxy-*) never cross YARP in either direction.
    private static readonly string[] SpoofableRequestHeaders =
        ["Forwarded", "X-Real-IP", "X-Client-IP", "X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"];

    public static void AddEdgeHygiene(this IHostApplicationBuilder builder, IReverseProxyBuilder proxy)
    {
        var options = builder.Configuration.GetSection("Gateway").Get<EdgeOptions>() ?? new EdgeOptions();
        builder.Services.AddSingleton(options);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        proxy.AddTransforms(context =>
        {
            foreach (var header in SpoofableRequestHeaders)
            {
                context.AddRequestHeaderRemove(header);
            }
            foreach (var header in FingerprintHeaders)
            {
                context.AddResponseHeaderRemove(header, ResponseCondition.Always);
            }
        });
    }

    public static IApplicationBuilder UseEdgeHygiene(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        var options = app.Services.GetRequiredService<EdgeOptions>();
        // Not async, and a static callback with the response as its state: nothing allocated per request
        // but what OnStarting keeps.
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            }, context.Response);

            // A declared length over the limit is refused before anything is read or forwarded;
            // a chunked body meets Kestrel's limit, set here to the route's, while it streams.
            var limit = options.LimitFor(context);
            if (limit != options.MaxRequestBodyBytes && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = limit;
            }
            return context.Request.ContentLength > limit
                ? Results.Problem(
                    title: "The request body is too large.", detail: $"The gateway takes at most {limit:N0} bytes here.",
                    statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context)
                : next(context);
        });
    }
}
