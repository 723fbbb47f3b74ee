using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

public static class OpenApiExtensions
{
    /// <summary>Registers the service's OpenAPI document, titled for the API reference.</summary>
    public static TBuilder AddDefaultOpenApi<TBuilder>(this TBuilder builder, string title) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = title, Version = "v1" };
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>
    /// Serves the document under each public prefix the gateway routes to this service
    /// (<c>/api/products/openapi/v1.json</c>), so the gateway reaches it with no route of its own.
    /// </summary>
    public static IEndpointRouteBuilder MapDefaultOpenApi(this IEndpointRouteBuilder app, params string[] publicPrefixes)
    {
        foreach (var prefix in publicPrefixes)
        {
            app.MapOpenApi($"/api/{prefix}/openapi/{{documentName}}.json").AllowAnonymous();
        }
        return app;
    }
}
