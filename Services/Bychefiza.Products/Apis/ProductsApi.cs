using Bychefiza.Products.Catalog;
using Bychefiza.Products.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Apis;

public sealed record CatalogReadServices(ProductsDbContext Db, PriceBook PriceBook, ProductSearch Finder, CatalogCache Cache, TimeProvider Time);

/// <summary>The catalog as shoppers browse it: anonymous, cached, never showing archived products.</summary>
public static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/products").WithTags("Products").AllowAnonymous();

        api.MapGet("/", ListAsync).WithName("ListProducts");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetProduct");
        api.MapGet("/{id:guid}/image", GetImageAsync).WithName("GetProductImage");

        return app;
    }

    public static async Task<Results<CachedJson<ProductPage>, ValidationProblem>> ListAsync(
        [AsParameters] ProductQuery query, [AsParameters] CatalogReadServices services, CancellationToken cancellationToken)
    {
        var errors = query.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var key = $"products:{query.Search?.Trim().ToLowerInvariant()}|{query.Category}|{query.MinPrice}|{query.MaxPrice}|{query.InStock}|{query.EffectiveSort}|{query.Page}|{query.PageSize}";
        var page = await services.Cache.GetOrCreateAsync(key, async () =>
        {
            var prices = await services.PriceBook.LoadAsync(cancellationToken);
            var (items, total) = await services.Finder.FindAsync(query, prices, cancellationToken);
            return (new ProductPage([.. items.Select(p => ProductView.Of(p, prices))], query.Page, query.PageSize, total), prices.ValidUntil);
        }, services.Time);
        return page;
    }

    public static async Task<Results<CachedJson<ProductView?>, NotFound>> GetAsync(Guid id, [AsParameters] CatalogReadServices services, CancellationToken cancellationToken)
    {
        var product = await ViewAsync(id, services, cancellationToken);
        return product.IsNull ? TypedResults.NotFound() : product;
    }

    /// <summary>A generated placeholder: the product's initials on a colour of its own, so the shop needs no image host.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> GetImageAsync(
        Guid id, [AsParameters] CatalogReadServices services, HttpContext context, CancellationToken cancellationToken)
    {
        if ((await ViewAsync(id, services, cancellationToken)).Value is not { } product)
        {
            return TypedResults.NotFound();
        }
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.File(PlaceholderImage.Svg(product.Id, product.Name), "image/svg+xml");
    }

    private static Task<CachedJson<ProductView?>> ViewAsync(Guid id, CatalogReadServices services, CancellationToken cancellationToken) =>
        services.Cache.GetOrCreateAsync($"product:{id}", async () =>
        {
            var prices = await services.PriceBook.LoadAsync(cancellationToken);
            var product = await services.Db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.ArchivedAt == null, cancellationToken);
            return (product is null ? null : ProductView.Of(product, prices), prices.ValidUntil);
        }, services.Time);
}
