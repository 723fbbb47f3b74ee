using Scalar.AspNetCore;

namespace Bychefiza.Gateway.Extensions;

/// <summary>One interactive reference at <c>/docs</c> over every service's OpenAPI document, each read through its public route.</summary>
internal static class ApiReference
{
    /// <summary>
    /// One document per service, by a public prefix that serves it (<c>/api/{prefix}/openapi/v1.json</c>);
    /// the products document also covers categories and promotions.
    /// </summary>
    public static readonly (string Prefix, string Title)[] Documents =
        [("auth", "Auth"), ("users", "Users"), ("products", "Catalog"), ("orders", "Orders"), ("payments", "Payments")];

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference("/docs", options =>
        {
            options.WithTitle("Bychefiza API");
            foreach (var (prefix, title) in Documents)
            {
                options.AddDocument(prefix, title, $"/api/{prefix}/openapi/v1.json");
            }
        }).AllowAnonymous();
        return app;
    }
}
