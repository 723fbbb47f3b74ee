using Npgsql;

namespace Bychefiza.Tests.Support;

/// <summary>
/// Categories, products and promotions written straight into <c>productdb</c>, each with names of
/// its own, for tests that need a catalog the admin API does not make yet.
/// </summary>
public static class TestProducts
{
    public static async Task<int> CategoryAsync(NpgsqlConnection db)
    {
        var slug = $"test-{Guid.NewGuid():N}";
        await using var insert = new NpgsqlCommand(
            """INSERT INTO "Categories" ("Name", "Slug", "ParentId", "SortOrder") VALUES (@slug, @slug, NULL, 0) RETURNING "Id" """, db);
        insert.Parameters.AddWithValue("slug", slug);
        return (int)(await insert.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public static async Task<Guid> ProductAsync(NpgsqlConnection db, int categoryId, int stock, decimal price = 10m, string currency = "USD", bool archived = false)
    {
        var id = Guid.NewGuid();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO "Products" ("Id", "Sku", "Name", "Description", "CategoryId", "Price", "Currency", "Stock", "CreatedAt", "UpdatedAt", "ArchivedAt")
            VALUES (@id, @sku, @sku, 'A product of the reservation tests', @category, @price, @currency, @stock, now(), now(), CASE WHEN @archived THEN now() END)
            """, db);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("sku", $"T-{id:N}"[..32]);
        insert.Parameters.AddWithValue("category", categoryId);
        insert.Parameters.AddWithValue("price", price);
        insert.Parameters.AddWithValue("currency", currency);
        insert.Parameters.AddWithValue("stock", stock);
        insert.Parameters.AddWithValue("archived", archived);
        await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return id;
    }

    /// <summary>A percentage off everything in the category, active from an hour ago to an hour from now.</summary>
    public static async Task PromotionAsync(NpgsqlConnection db, int categoryId, decimal percentOff)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO "Promotions" ("Id", "Name", "PercentOff", "AmountOff", "CategoryId", "ProductIds", "StartsAt", "EndsAt", "CreatedAt")
            VALUES (@id, 'Test promotion', @percent, NULL, @category, '{}', now() - interval '1 hour', now() + interval '1 hour', now())
            """, db);
        insert.Parameters.AddWithValue("id", Guid.NewGuid());
        insert.Parameters.AddWithValue("percent", percentOff);
        insert.Parameters.AddWithValue("category", categoryId);
        await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<int> StockAsync(NpgsqlConnection db, Guid productId)
    {
        await using var select = new NpgsqlCommand("""SELECT "Stock" FROM "Products" WHERE "Id" = @id""", db);
        select.Parameters.AddWithValue("id", productId);
        return (int)(await select.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>The stock levels the product's <c>product.stock.changed</c> events report, oldest first, and whether all were sent.</summary>
    public static async Task<(List<int> Stocks, bool AllSent)> StockEventsAsync(NpgsqlConnection db, Guid productId)
    {
        await using var select = new NpgsqlCommand(
            """
            SELECT ("Payload"->>'stock')::int, "SentAt" IS NOT NULL FROM "OutboxMessages"
            WHERE "Type" = 'product.stock.changed' AND "Payload"->>'productId' = @id ORDER BY "OccurredAt"
            """, db);
        select.Parameters.AddWithValue("id", productId.ToString());
        await using var reader = await select.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var (stocks, allSent) = (new List<int>(), true);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            stocks.Add(reader.GetInt32(0));
            allSent &= reader.GetBoolean(1);
        }
        return (stocks, allSent);
    }
}
