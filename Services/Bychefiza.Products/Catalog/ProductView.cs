using Bychefiza.Products.Model;

namespace Bychefiza.Products.Catalog;

/// <summary>A product as the shop shows it: its list price and, when a promotion applies, the sale price.</summary>
public sealed record ProductView(
    Guid Id, string Sku, string Name, string Description, int CategoryId, decimal Price, decimal? SalePrice, string Currency,
    int Stock, string ImageUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version)
{
    public static ProductView Of(Product product, Prices prices) => new(
        product.Id, product.Sku, product.Name, product.Description, product.CategoryId, product.Price, prices.SalePrice(product),
        product.Currency, product.Stock, $"/api/products/{product.Id}/image", product.CreatedAt, product.UpdatedAt, product.Version);
}

public sealed record ProductPage(IReadOnlyList<ProductView> Items, int Page, int PageSize, int TotalCount);
