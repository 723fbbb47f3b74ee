using Npgsql;

namespace Bychefiza.Tests.Support;

/// <summary>
/// Everything the databases hold about the orders of one product, checked for the promises a fault
/// must not break: no accepted order lost, every order final, money taken once for a paid order and
/// kept for none that was not, and stock fallen by exactly the units sold.
/// </summary>
public static class ProductLedger
{
    private static readonly TimeSpan SettlesWithin = TimeSpan.FromMinutes(3);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Waits (bounded) for every order of the product to settle, then asserts the promises; returns the orders by status.</summary>
    public static async Task<Dictionary<string, int>> AssertSettledAsync(TestGraph graph, Guid product, int stockBefore, IEnumerable<Guid> accepted)
    {
        await using var orderDb = await graph.OpenDatabaseAsync("orderdb", Cancellation);
        await using var paymentDb = await graph.OpenDatabaseAsync("paymentdb", Cancellation);
        await using var productDb = await graph.OpenDatabaseAsync("productdb", Cancellation);

        var orders = await Poll.UntilAsync(() => OrdersAsync(orderDb, product),
            all => all.Values.All(status => Shop.FinalStatuses.Contains(status)), SettlesWithin, "every order of the product final");
        Assert.All(accepted, id => Assert.True(orders.ContainsKey(id), $"accepted order {id} is not stored"));

        var charges = await NetChargesAsync(paymentDb, orders.Keys);
        foreach (var (id, status) in orders)
        {
            // A paid order was charged exactly once; any other kept no money (a late charge was refunded).
            Assert.True(charges.GetValueOrDefault(id) == (status == "Paid" ? 1 : 0),
                $"order {id} is {status} with {charges.GetValueOrDefault(id)} charges kept");
        }

        var sold = await UnitsSoldAsync(orderDb, product);
        await Poll.UntilAsync(() => TestProducts.StockAsync(productDb, product), stock => stock == stockBefore - sold, Shop.Settles,
            $"stock at {stockBefore} - {sold} sold (abandoned reservations released)");
        return orders.GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.Count());
    }

    private static async Task<Dictionary<Guid, string>> OrdersAsync(NpgsqlConnection orderDb, Guid product)
    {
        await using var select = new NpgsqlCommand(
            """SELECT o."Id", o."Status" FROM "Orders" o WHERE EXISTS (SELECT 1 FROM "OrderLines" l WHERE l."OrderId" = o."Id" AND l."ProductId" = @product)""",
            orderDb);
        select.Parameters.AddWithValue("product", product);
        await using var reader = await select.ExecuteReaderAsync(Cancellation);
        var orders = new Dictionary<Guid, string>();
        while (await reader.ReadAsync(Cancellation))
        {
            orders[reader.GetGuid(0)] = reader.GetString(1);
        }
        return orders;
    }

    private static async Task<int> UnitsSoldAsync(NpgsqlConnection orderDb, Guid product)
    {
        await using var select = new NpgsqlCommand(
            """SELECT COALESCE(SUM(l."Quantity"), 0)::int FROM "OrderLines" l JOIN "Orders" o ON o."Id" = l."OrderId" WHERE l."ProductId" = @product AND o."Status" = 'Paid'""",
            orderDb);
        select.Parameters.AddWithValue("product", product);
        return (int)(await select.ExecuteScalarAsync(Cancellation))!;
    }

    /// <summary>Succeeded simulator charges minus succeeded refunds, per order.</summary>
    private static async Task<Dictionary<Guid, int>> NetChargesAsync(NpgsqlConnection paymentDb, IEnumerable<Guid> orders)
    {
        var keys = orders.SelectMany(id => new[] { $"order-{id}-charge", $"order-{id}-refund" }).ToArray();
        await using var select = new NpgsqlCommand(
            """SELECT "IdempotencyKey", "Kind" FROM "SimulatedCharges" WHERE "Status" = 'Succeeded' AND "IdempotencyKey" = ANY(@keys)""", paymentDb);
        select.Parameters.AddWithValue("keys", keys);
        await using var reader = await select.ExecuteReaderAsync(Cancellation);
        var net = new Dictionary<Guid, int>();
        while (await reader.ReadAsync(Cancellation))
        {
            var id = Guid.Parse(reader.GetString(0).AsSpan(6, 36));
            net[id] = net.GetValueOrDefault(id) + (reader.GetString(1) == "Charge" ? 1 : -1);
        }
        return net;
    }
}
