using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Data;

/// <summary>
/// Fills an empty productdb with the demo catalog when <c>Catalog:SeedDemoData</c> is true (local runs
/// and tests; the AppHost sets it only there). Replicas starting together take turns through an advisory lock.
/// </summary>
public sealed class CatalogSeeder(IConfiguration configuration, ILogger<CatalogSeeder> logger) : IDbSeeder<ProductsDbContext>
{
    private const long SeedLock = 0x42796368_43617461; // "BychCata"

    public async Task SeedAsync(ProductsDbContext context, CancellationToken cancellationToken)
    {
        if (!configuration.GetValue<bool>("Catalog:SeedDemoData"))
        {
            return;
        }

        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLock})", cancellationToken);
        if (await context.Categories.AnyAsync(cancellationToken))
        {
            return;
        }

        var categories = DemoCatalog.Categories();
        context.Categories.AddRange(categories);
        context.Products.AddRange(DemoCatalog.Products());
        await context.SaveChangesAsync(cancellationToken);
        // The ids were given, so the identity sequence must move past them.
        await context.Database.ExecuteSqlRawAsync(
            """SELECT setval(pg_get_serial_sequence('"Categories"', 'Id'), (SELECT max("Id") FROM "Categories"))""", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Seeded the demo catalog: {Categories} categories, {Products} products", categories.Count, DemoCatalog.ProductCount);
    }
}
