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
        return new Prices(now, promotions, parents);
    }
}

/// <summary>Prices at one moment: the sale price of a product, and the price it sells at.</summary>
public sealed class Prices(DateTimeOffset now, IReadOnlyList<Promotion> promotions, IReadOnlyDictionary<int, int?> parents)
{
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
