using Npgsql;

namespace Bychefiza.Bench.Scenarios;

/// <summary>What the databases say after a checkout run: nothing lost, nothing charged twice, stock adds up.</summary>
internal sealed record CheckoutAuditResult(int OrdersStored, int OrdersLost, int SucceededCharges, int DoubleCharges, int StockMismatches)
{
    public bool Clean => OrdersLost == 0 && DoubleCharges == 0 && StockMismatches == 0;
}

internal static class CheckoutAudit
{
    public static async Task<Dictionary<Guid, int>> StockAsync(string productDb, IEnumerable<Guid> ids)
    {
        await using var connection = await OpenAsync(productDb);
        await using var command = new NpgsqlCommand("""SELECT "Id", "Stock" FROM "Products" WHERE "Id" = ANY(@ids)""", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var stock = new Dictionary<Guid, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stock[reader.GetGuid(0)] = reader.GetInt32(1);
        }
        return stock;
    }

    public static async Task<CheckoutAuditResult> RunAsync(
        CheckoutRun run, string orderDb, string paymentDb, string productDb, IReadOnlyDictionary<Guid, int> stockBefore)
    {
        var accepted = run.Orders.Select(order => order.Id).ToArray();

        // Lost: accepted (201) but not stored, or stored but never final.
        await using var orders = await OpenAsync(orderDb);
        await using var stored = new NpgsqlCommand("""SELECT count(*) FROM "Orders" WHERE "Id" = ANY(@ids)""", orders);
        stored.Parameters.AddWithValue("ids", accepted);
        var storedCount = Convert.ToInt32(await stored.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var notFinal = run.Orders.Count(order => order.SecondsToPaid is null && order.FinalStatus is not ("Cancelled" or "Refunded"));
        var lost = accepted.Length - storedCount + notFinal;

        // The graph is fresh: every succeeded simulator charge belongs to a bench order. More of them than
        // paid orders is a double charge.
        await using var payments = await OpenAsync(paymentDb);
        await using var charges = new NpgsqlCommand("""SELECT count(*) FROM "SimulatedCharges" WHERE "Kind" = 'Charge' AND "Status" = 'Succeeded'""", payments);
        var succeeded = Convert.ToInt32(await charges.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var paid = run.Orders.Count(order => order.FinalStatus == "Paid");

        // Stock: each product lost exactly the units of its paid orders (one each); cancelled ones gave theirs back.
        var stockAfter = await StockAsync(productDb, stockBefore.Keys);
        var sold = run.Orders.Where(order => order.FinalStatus == "Paid").GroupBy(order => order.ProductId).ToDictionary(g => g.Key, g => g.Count());
        var mismatches = stockBefore.Count(pair => pair.Value - stockAfter.GetValueOrDefault(pair.Key) != sold.GetValueOrDefault(pair.Key));

        return new CheckoutAuditResult(storedCount, lost, succeeded, Math.Max(0, succeeded - paid), mismatches);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
