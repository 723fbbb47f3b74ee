using Bychefiza.Products.Data;
using Bychefiza.Products.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Catalog;

/// <summary>The promotions active now and the category tree, read once per request to price many products.</summary>
public sealed class PriceBook(ProductsDbContext db, TimeProvider time)
{
    public async Task<Prices> LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var promotions = await db.Promotions.AsNoTracking().Where(p => p.StartsAt <= now && p.EndsAt > now).ToListAsync(cancellationToken);
        var parents = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.ParentId, cancellationToken);
        var nextStart = await db.Promotions.Where(p => p.StartsAt > now).MinAsync(p => (DateTimeOffset?)p.StartsAt, cancellationToken);
        var nextEnd = promotions.Count == 0 ? (DateTimeOffset?)null : promotions.Min(p => p.EndsAt);
        return new Prices(now, promotions, parents, nextStart is null || (nextEnd is not null && nextEnd < nextStart) ? nextEnd : nextStart);
    }
}

/// <summary>Prices at one moment: the sale price of a product, and the price it sells at.</summary>
public sealed class Prices(DateTimeOffset now, IReadOnlyList<Promotion> promotions, IReadOnlyDictionary<int, int?> parents, DateTimeOffset? validUntil)
{
    /// <summary>When a promotion starts or ends next, changing some price; null when none is scheduled.</summary>
    public DateTimeOffset? ValidUntil => validUntil;

    /// <summary>The category and every category below it.</summary>
    public IReadOnlyList<int> WithDescendants(int categoryId) =>
        [.. parents.Keys.Where(id => PathOf(id).Contains(categoryId))];

    public decimal? SalePrice(Product product) =>
        promotions.Count == 0 ? null : Pricing.SalePrice(product, PathOf(product.CategoryId), promotions, now);

    public decimal PriceInForce(Product product) => SalePrice(product) ?? product.Price;

    /// <summary>The category and its ancestors, nearest first.</summary>
    public IReadOnlyList<int> PathOf(int categoryId)
    {
        var path = new List<int>();
        for (int? id = categoryId; id is { } current && !path.Contains(current); id = parents.GetValueOrDefault(current))
        {
            path.Add(current);
        }
        return path;
    }
}
