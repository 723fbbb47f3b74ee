namespace Bychefiza.Products.Model;

/// <summary>What a shopper pays: the list price, or the best active promotion that applies to the product.</summary>
public static class Pricing
{
    /// <summary>
    /// The lowest price any active promotion gives, never below zero and rounded to the currency's
    /// minor unit; null when no promotion lowers the price.
    /// </summary>
    /// <param name="categoryPath">The product's category and every ancestor: a promotion on a parent covers its children.</param>
    public static decimal? SalePrice(Product product, IReadOnlyCollection<int> categoryPath, IEnumerable<Promotion> promotions, DateTimeOffset now)
    {
        decimal? best = null;
        foreach (var promotion in promotions.Where(p => p.ActiveAt(now) && AppliesTo(p, product, categoryPath)))
        {
            var price = Money.Round(Math.Max(0m, Discounted(product.Price, promotion)), product.Currency);
            if (price < product.Price && (best is null || price < best))
            {
                best = price;
            }
        }
        return best;
    }

    public static decimal PriceInForce(Product product, IReadOnlyCollection<int> categoryPath, IEnumerable<Promotion> promotions, DateTimeOffset now) =>
        SalePrice(product, categoryPath, promotions, now) ?? product.Price;

    private static bool AppliesTo(Promotion promotion, Product product, IReadOnlyCollection<int> categoryPath) =>
        promotion.ProductIds.Contains(product.Id) || (promotion.CategoryId is { } category && categoryPath.Contains(category));

    private static decimal Discounted(decimal price, Promotion promotion) =>
        promotion.PercentOff is { } percent ? price * (1 - percent / 100m) : price - (promotion.AmountOff ?? 0m);
}
