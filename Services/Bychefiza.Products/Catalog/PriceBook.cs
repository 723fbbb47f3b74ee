using Bychefiza.Products.Data;
using Bychefiza.Products.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Catalog;

/// <summary>The promotions active now and the category tree, read once per request to price many products.</summary>
public sealed class PriceBook(ProductsDbContext db, TimeProvider time)
{
    /// <summary>Prices with the whole category tree, for pages that also filter by category.</summary>
    public Task<Prices> LoadAsync(CancellationToken cancellationToken) => LoadAsync(wholeTree: true, cancellationToken);

    /// <summary>
    /// Prices for a sale (a reservation): the category tree is read only when a promotion runs, since
    /// one may target a category. Most of the time none runs, and a reservation reads one table, not three.
    /// </summary>
    public Task<Prices> LoadForSaleAsync(CancellationToken cancellationToken) => LoadAsync(wholeTree: false, cancellationToken);

    private async Task<Prices> LoadAsync(bool wholeTree, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // The promotions not over yet, in one read: those running now set prices, and the next one to
        // start (a promotion starts before it ends) limits how long these prices hold.
        var current = await db.Promotions.AsNoTracking().Where(p => p.EndsAt > now).ToListAsync(cancellationToken);
        var promotions = current.Where(p => p.StartsAt <= now).ToList();
        var parents = wholeTree || promotions.Count > 0
            ? await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.ParentId, cancellationToken)
            : new Dictionary<int, int?>();
        var nextStart = current.Where(p => p.StartsAt > now).Select(p => (DateTimeOffset?)p.StartsAt).Min();
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
