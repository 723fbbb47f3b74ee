using System.Text.RegularExpressions;
using Bychefiza.Messaging.Events;
using Bychefiza.Products.Catalog;
using Bychefiza.Products.Data;
using Bychefiza.Products.Model;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Apis;

public sealed record ProductRequest(string? Sku, string? Name, string? Description, int? CategoryId, decimal? Price, string? Currency, int? Stock, uint? Version);

public sealed record StockRequest(int? Stock);

/// <summary>Admins add, change, restock and archive products; every change clears the shop's cache before it answers.</summary>
public static partial class ProductsAdminApi
{
    public const int MaxStock = 1_000_000;

    public static IEndpointRouteBuilder MapProductsAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/products").WithTags("Products (admin)").RequireAuthorization(Policies.Admin);

        api.MapPost("/", CreateAsync).WithName("CreateProduct");
        api.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateProduct");
        api.MapPut("/{id:guid}/stock", SetStockAsync).WithName("SetProductStock");
        api.MapDelete("/{id:guid}", ArchiveAsync).WithName("ArchiveProduct");

        return app;
    }

    public static async Task<Results<Created<ProductView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ProductRequest request, [AsParameters] CatalogWriteServices services, CancellationToken cancellationToken)
    {
        var errors = await ValidateAsync(request, services.Db, creating: true, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = services.Time.GetUtcNow();
        var product = new Product { Id = Guid.CreateVersion7(), CreatedAt = now, Stock = request.Stock ?? 0 };
        Apply(request, product, now);
        services.Db.Products.Add(product);
        if (!await services.SaveAsync(cancellationToken))
        {
            return SkuTaken();
        }

        var prices = await services.PriceBook.LoadAsync(cancellationToken);
        return TypedResults.Created($"/api/products/{product.Id}", ProductView.Of(product, prices));
    }

    /// <summary>Optimistic concurrency: the request names the version it read; if the product changed since, 409.</summary>
    public static async Task<Results<Ok<ProductView>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, ProductRequest request, [AsParameters] CatalogWriteServices services, CancellationToken cancellationToken)
    {
        var errors = await ValidateAsync(request, services.Db, creating: false, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await services.Db.Products.SingleOrDefaultAsync(p => p.Id == id && p.ArchivedAt == null, cancellationToken) is not { } product)
        {
            return TypedResults.NotFound();
        }

        services.Db.Entry(product).Property(p => p.Version).OriginalValue = request.Version!.Value;
        var oldPrice = product.Price;
        Apply(request, product, services.Time.GetUtcNow());
        if (product.Price != oldPrice)
        {
            services.Db.AddEvent(new ProductPriceChanged(product.Id, oldPrice, product.Price, product.Currency));
        }

        try
        {
            if (!await services.SaveAsync(cancellationToken))
            {
                return SkuTaken();
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(
                title: "The product changed since you read it.", detail: "Read it again, then apply your change to the new version.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var prices = await services.PriceBook.LoadAsync(cancellationToken);
        return TypedResults.Ok(ProductView.Of(product, prices));
    }

    public static async Task<Results<Ok<ProductView>, NotFound, ValidationProblem>> SetStockAsync(
        Guid id, StockRequest request, [AsParameters] CatalogWriteServices services, CancellationToken cancellationToken)
    {
        if (request.Stock is not (>= 0 and <= MaxStock))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["stock"] = [$"Give a stock of 0 to {MaxStock}."] });
        }
        if (await services.Db.Products.SingleOrDefaultAsync(p => p.Id == id && p.ArchivedAt == null, cancellationToken) is not { } product)
        {
            return TypedResults.NotFound();
        }

        product.Stock = request.Stock.Value;
        product.UpdatedAt = services.Time.GetUtcNow();
        services.Db.AddEvent(new ProductStockChanged(product.Id, product.Stock));
        await services.SaveAsync(cancellationToken);

        var prices = await services.PriceBook.LoadAsync(cancellationToken);
        return TypedResults.Ok(ProductView.Of(product, prices));
    }

    /// <summary>Archived products leave the shop; their rows stay, for the orders that name them.</summary>
    public static async Task<Results<NoContent, NotFound>> ArchiveAsync(Guid id, [AsParameters] CatalogWriteServices services, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var archived = await services.Db.Products.Where(p => p.Id == id && p.ArchivedAt == null)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.ArchivedAt, now).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (archived == 0)
        {
            return TypedResults.NotFound();
        }
        await services.Cache.InvalidateAsync();
        return TypedResults.NoContent();
    }

    private static void Apply(ProductRequest request, Product product, DateTimeOffset now)
    {
        product.Sku = request.Sku!.Trim().ToUpperInvariant();
        product.Name = request.Name!.Trim();
        product.Description = request.Description?.Trim() ?? "";
        product.CategoryId = request.CategoryId!.Value;
        product.Currency = request.Currency ?? Money.DefaultCurrency;
        product.Price = request.Price!.Value;
        product.UpdatedAt = now;
    }

    private static ProblemHttpResult SkuTaken() =>
        TypedResults.Problem(title: "Another product has this SKU.", statusCode: StatusCodes.Status409Conflict);

    private static async Task<Dictionary<string, string[]>> ValidateAsync(
        ProductRequest request, ProductsDbContext db, bool creating, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Sku is null || !SkuPattern().IsMatch(request.Sku.Trim().ToUpperInvariant()))
        {
            errors["sku"] = ["Give a SKU of 3 to 32 letters, digits and dashes."];
        }
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            errors["name"] = ["Give a name of at most 200 characters."];
        }
        if (request.Description?.Length > 4000)
        {
            errors["description"] = ["Keep the description to 4,000 characters."];
        }
        var currency = request.Currency ?? Money.DefaultCurrency;
        if (!Money.IsKnown(currency))
        {
            errors["currency"] = [$"Price in one of: {string.Join(", ", Money.Currencies)}."];
        }
        else if (request.Price is not { } price || price < 0 || price > 1_000_000 || !Money.FitsMinorUnit(price, currency))
        {
            errors["price"] = [$"Give a price from 0 to 1,000,000 in whole {currency} minor units."];
        }
        if (request.CategoryId is not { } category || !await db.Categories.AnyAsync(c => c.Id == category, cancellationToken))
        {
            errors["categoryId"] = ["Give an existing category."];
        }
        if (creating && request.Stock is not null and not (>= 0 and <= MaxStock))
        {
            errors["stock"] = [$"Give a stock of 0 to {MaxStock}."];
        }
        if (!creating && request.Version is null)
        {
            errors["version"] = ["Give the version you read, so a change made meanwhile is not overwritten."];
        }
        return errors;
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{2,31}$")]
    private static partial Regex SkuPattern();
}
