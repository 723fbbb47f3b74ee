using Bychefiza.Products.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bychefiza.Products.Catalog;

/// <summary>What an admin endpoint needs to change the catalog.</summary>
public sealed record CatalogWriteServices(ProductsDbContext Db, PriceBook PriceBook, CatalogCache Cache, TimeProvider Time)
{
    /// <summary>
    /// Saves, then clears the shop's cache before the caller answers; false when a unique key (a SKU,
    /// a slug) belongs to another row.
    /// </summary>
    public async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return false;
        }
        await Cache.InvalidateAsync();
        return true;
    }
}
