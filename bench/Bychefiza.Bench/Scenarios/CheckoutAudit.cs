using System.Diagnostics;
using Npgsql;

namespace Bychefiza.Bench.Scenarios;

/// <summary>
/// What the databases say once the checkout run has settled. The graph is fresh, so every order,
/// payment and charge in it is the bench's, including orders whose POST got no answer in time.
/// Lost: accepted (201) but not stored. Unsettled: still not final when the audit gave up waiting.
/// Double charge: more succeeded simulator charges than succeeded payments (one per order).
/// Stock: each product fell by exactly the units of its paid orders.
/// </summary>
internal sealed record CheckoutAuditResult(int Accepted, int OrdersStored, int OrdersLost, int Unsettled, int SucceededCharges, int SucceededPayments, int DoubleCharges, int StockMismatches)
{
    public bool Clean => OrdersLost == 0 && Unsettled == 0 && DoubleCharges == 0 && StockMismatches == 0;
}

internal static class CheckoutAudit
{
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(60);

    public static async Task<Dictionary<Guid, int>> StockAsync(string productDb, IEnumerable<Guid> ids)
    {
        await using var connection = await OpenAsync(productDb);
        await using var command = new NpgsqlCommand("""SELECT "Id", "Stock" FROM "Products" WHERE "Id" = ANY(@ids)""", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return await ReadPairsAsync(command);
    }

    public static async Task<CheckoutAuditResult> RunAsync(
        IReadOnlyList<Guid> accepted, string orderDb, string paymentDb, string productDb, IReadOnlyDictionary<Guid, int> stockBefore)
    {
        var ids = accepted.ToArray();
        await using var orders = await OpenAsync(orderDb);

        // Wait (bounded) until no order is still moving, so the other counts are final.
        var unsettled = 0;
        for (var clock = Stopwatch.StartNew(); ; await Task.Delay(500))
        {
            unsettled = await ScalarAsync(orders,
                """SELECT count(*) FROM "Orders" WHERE "Status" NOT IN ('Paid', 'Cancelled', 'Refunded', 'Shipped', 'Delivered')""");
            if (unsettled == 0 || clock.Elapsed > SettleWithin)
            {
                break;
            }
        }
        var stored = await ScalarAsync(orders, """SELECT count(*) FROM "Orders" WHERE "Id" = ANY(@ids)""", ids);

        // The graph is fresh: every charge and payment in paymentdb belongs to a bench order.
        await using var payments = await OpenAsync(paymentDb);
        var charges = await ScalarAsync(payments, """SELECT count(*) FROM "SimulatedCharges" WHERE "Kind" = 'Charge' AND "Status" = 'Succeeded'""");
        var succeeded = await ScalarAsync(payments, """SELECT count(*) FROM "Payments" WHERE "Status" = 'Succeeded'""");

        await using var sold = new NpgsqlCommand(
            """SELECT l."ProductId", sum(l."Quantity")::int FROM "OrderLines" l JOIN "Orders" o ON o."Id" = l."OrderId" WHERE o."Status" = 'Paid' GROUP BY l."ProductId" """, orders);
        var soldUnits = await ReadPairsAsync(sold);
        var stockAfter = await StockAsync(productDb, stockBefore.Keys);
        var mismatches = stockBefore.Count(pair => pair.Value - stockAfter.GetValueOrDefault(pair.Key) != soldUnits.GetValueOrDefault(pair.Key));

        return new CheckoutAuditResult(ids.Length, stored, ids.Length - stored, unsettled, charges, succeeded, Math.Max(0, charges - succeeded), mismatches);
    }

    private static async Task<int> ScalarAsync(NpgsqlConnection connection, string sql, Guid[]? ids = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (ids is not null)
        {
            command.Parameters.AddWithValue("ids", ids);
        }
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Dictionary<Guid, int>> ReadPairsAsync(NpgsqlCommand command)
    {
        var pairs = new Dictionary<Guid, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pairs[reader.GetGuid(0)] = reader.GetInt32(1);
        }
        return pairs;
    }

    /// <summary>A connection of its own (no pool), closed by the caller.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
