using Bychefiza.Products.Catalog;
using Bychefiza.Products.Model;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Apis;

public sealed record PromotionRequest(
    string? Name, decimal? PercentOff, decimal? AmountOff, int? CategoryId, IReadOnlyList<Guid>? ProductIds, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

public sealed record PromotionView(
    Guid Id, string Name, decimal? PercentOff, decimal? AmountOff, int? CategoryId, IReadOnlyList<Guid> ProductIds, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool Active)
{
    public static PromotionView Of(Promotion p, DateTimeOffset now) =>
        new(p.Id, p.Name, p.PercentOff, p.AmountOff, p.CategoryId, p.ProductIds, p.StartsAt, p.EndsAt, p.ActiveAt(now));
}

/// <summary>Admins schedule discounts; the shop's prices follow as each starts and ends.</summary>
public static class PromotionsApi
{
    private const int MaxProducts = 100;

    /// <summary>As high as a product's price may go.</summary>
    private const decimal MaxAmountOff = 1_000_000m;

    public static IEndpointRouteBuilder MapPromotionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/promotions").WithTags("Promotions (admin)").RequireAuthorization(Policies.Admin);

        api.MapGet("/", ListAsync).WithName("ListPromotions");
        api.MapPost("/", CreateAsync).WithName("CreatePromotion");
        api.MapDelete("/{id:guid}", DeleteAsync).WithName("DeletePromotion");

        return app;
    }

    /// <summary>Running and upcoming promotions; <paramref name="includeEnded"/> adds the past ones.</summary>
    public static async Task<Ok<IReadOnlyList<PromotionView>>> ListAsync(
        [AsParameters] CatalogWriteServices services, bool includeEnded = false, CancellationToken cancellationToken = default)
    {
        var now = services.Time.GetUtcNow();
        var promotions = await services.Db.Promotions.AsNoTracking()
            .Where(p => includeEnded || p.EndsAt > now)
            .OrderBy(p => p.StartsAt).ThenBy(p => p.Name)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<PromotionView>>([.. promotions.Select(p => PromotionView.Of(p, now))]);
    }

    public static async Task<Results<Created<PromotionView>, ValidationProblem>> CreateAsync(
        PromotionRequest request, [AsParameters] CatalogWriteServices services, CancellationToken cancellationToken)
    {
        var errors = await ValidateAsync(request, services, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = services.Time.GetUtcNow();
        var promotion = new Promotion
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            PercentOff = request.PercentOff,
            AmountOff = request.AmountOff,
            CategoryId = request.CategoryId,
            ProductIds = [.. request.ProductIds?.Distinct() ?? []],
            StartsAt = request.StartsAt!.Value.ToUniversalTime(),
            EndsAt = request.EndsAt!.Value.ToUniversalTime(),
            CreatedAt = now,
        };
        services.Db.Promotions.Add(promotion);
        await services.SaveAsync(cancellationToken);
        return TypedResults.Created($"/api/promotions/{promotion.Id}", PromotionView.Of(promotion, now));
    }

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, [AsParameters] CatalogWriteServices services, CancellationToken cancellationToken)
    {
        if (await services.Db.Promotions.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return TypedResults.NotFound();
        }
        await services.Cache.InvalidateAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Dictionary<string, string[]>> ValidateAsync(PromotionRequest request, CatalogWriteServices services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            errors["name"] = ["Give a name of at most 100 characters."];
        }
        switch (request.PercentOff, request.AmountOff)
        {
            case (null, null) or (not null, not null):
                errors["percentOff"] = ["Give either percentOff or amountOff."];
                break;
            case ({ } percent, null) when percent is <= 0 or > 100 || decimal.Round(percent, 2) != percent:
                errors["percentOff"] = ["Give a percentage above 0 and at most 100, with at most two decimals."];
                break;
            // The column holds 12 digits: a larger amount would fail in the database, not here.
            case (null, { } amount) when amount <= 0 || amount > MaxAmountOff || decimal.Round(amount, 2) != amount:
                errors["amountOff"] = ["Give a positive amount up to 1,000,000 with at most two decimals."];
                break;
        }

        var productIds = request.ProductIds ?? [];
        if ((request.CategoryId is null) == (productIds.Count == 0))
        {
            errors["categoryId"] = ["Give either categoryId or productIds."];
        }
        else if (request.CategoryId is { } category && !await services.Db.Categories.AnyAsync(c => c.Id == category, cancellationToken))
        {
            errors["categoryId"] = ["Give an existing category."];
        }
        else if (productIds.Count > MaxProducts)
        {
            errors["productIds"] = [$"Give at most {MaxProducts} products; use a category for more."];
        }
        else if (productIds.Count > 0)
        {
            var distinct = productIds.Distinct().ToList();
            var found = await services.Db.Products.CountAsync(p => distinct.Contains(p.Id) && p.ArchivedAt == null, cancellationToken);
            if (found != distinct.Count)
            {
                errors["productIds"] = ["Every product must exist and not be archived."];
            }
        }

        if (request.StartsAt is null || request.EndsAt is null)
        {
            errors[request.StartsAt is null ? "startsAt" : "endsAt"] = ["Give when the promotion starts and ends."];
        }
        else if (request.EndsAt <= request.StartsAt)
        {
            errors["endsAt"] = ["A promotion ends after it starts."];
        }
        else if (request.EndsAt <= services.Time.GetUtcNow())
        {
            errors["endsAt"] = ["This promotion would have ended already."];
        }
        return errors;
    }
}
