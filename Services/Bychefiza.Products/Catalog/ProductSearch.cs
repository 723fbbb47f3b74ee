using Bychefiza.Products.Data;
using Bychefiza.Products.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Bychefiza.Products.Catalog;

/// <summary>What a shopper asks the catalog for; every field optional.</summary>
public sealed record ProductQuery(
    string? Search, int? Category, decimal? MinPrice, decimal? MaxPrice, bool? InStock, string? Sort, int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 100;

    public static readonly string[] Sorts = ["relevance", "name", "price", "-price", "newest"];

    public string EffectiveSort => Sort ?? (string.IsNullOrWhiteSpace(Search) ? "name" : "relevance");

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Page < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }
        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Use 1 to {MaxPageSize} products a page."];
        }
        if (!Sorts.Contains(EffectiveSort))
        {
            errors["sort"] = [$"Sort by one of: {string.Join(", ", Sorts)}."];
        }
        if (EffectiveSort == "relevance" && string.IsNullOrWhiteSpace(Search))
        {
            errors["sort"] = ["Relevance needs a search."];
        }
        if (MinPrice < 0 || MaxPrice < 0)
        {
            errors[MinPrice < 0 ? "minPrice" : "maxPrice"] = ["Prices are not negative."];
        }
        if (MinPrice > MaxPrice)
        {
            errors["maxPrice"] = ["The highest price is below the lowest."];
        }
        if (Search?.Length > 200)
        {
            errors["search"] = ["Search with at most 200 characters."];
        }
        return errors;
    }
}

/// <summary>
/// Full-text search with ranking (name and SKU outrank the description), falling back to trigram
/// similarity on the name when the words find nothing, so a typo still finds the product.
/// </summary>
public sealed class ProductSearch(ProductsDbContext db)
{
    private const double FuzzyThreshold = 0.4;

    public async Task<(IReadOnlyList<Product> Items, int TotalCount)> FindAsync(ProductQuery query, Prices prices, CancellationToken cancellationToken)
    {
        var products = Filtered(query, prices);
        if (string.IsNullOrWhiteSpace(query.Search))
        {
            return await PageAsync(Sorted(products, query.EffectiveSort), await products.CountAsync(cancellationToken), query, cancellationToken);
        }

        var search = query.Search.Trim();
        var matching = products.Where(p => p.SearchVector.Matches(EF.Functions.WebSearchToTsQuery("english", search)));
        // Counted once: the count decides between words and trigrams, and is the page's total.
        if (await matching.CountAsync(cancellationToken) is var matches and > 0)
        {
            var ranked = query.EffectiveSort == "relevance"
                // Normalisation 1: divided by the document's length, so a short exact name beats a long text that mentions the words.
                ? matching.OrderByDescending(p => p.SearchVector.Rank(EF.Functions.WebSearchToTsQuery("english", search), NpgsqlTsRankingNormalization.DivideBy1PlusLogLength)).ThenBy(p => p.Id)
                : Sorted(matching, query.EffectiveSort);
            return await PageAsync(ranked, matches, query, cancellationToken);
        }

        var similar = products.Where(p => Trigrams.WordSimilarity(search, p.Name) >= FuzzyThreshold);
        var closest = query.EffectiveSort == "relevance"
            ? similar.OrderByDescending(p => Trigrams.WordSimilarity(search, p.Name)).ThenBy(p => p.Id)
            : Sorted(similar, query.EffectiveSort);
        return await PageAsync(closest, await similar.CountAsync(cancellationToken), query, cancellationToken);
    }

    private IQueryable<Product> Filtered(ProductQuery query, Prices prices)
    {
        var products = db.Products.AsNoTracking().Where(p => p.ArchivedAt == null);
        if (query.Category is { } category)
        {
            var categories = prices.WithDescendants(category);
            products = products.Where(p => categories.Contains(p.CategoryId));
        }
        if (query.MinPrice is { } min)
        {
            products = products.Where(p => p.Price >= min);
        }
        if (query.MaxPrice is { } max)
        {
            products = products.Where(p => p.Price <= max);
        }
        if (query.InStock is { } inStock)
        {
            products = products.Where(p => (p.Stock > 0) == inStock);
        }
        return products;
    }

    private static IOrderedQueryable<Product> Sorted(IQueryable<Product> products, string sort) => sort switch
    {
        "price" => products.OrderBy(p => p.Price).ThenBy(p => p.Id),
        "-price" => products.OrderByDescending(p => p.Price).ThenBy(p => p.Id),
        "newest" => products.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id),
        _ => products.OrderBy(p => p.Name).ThenBy(p => p.Id),
    };

    private static async Task<(IReadOnlyList<Product>, int)> PageAsync(
        IOrderedQueryable<Product> ordered, int total, ProductQuery query, CancellationToken cancellationToken)
    {
        var items = await ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return (items, total);
    }
}
