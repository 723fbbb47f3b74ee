using System.Globalization;
using Bychefiza.Bench.Measure;
using Npgsql;

namespace Bychefiza.Bench.Scenarios;

/// <summary>
/// Where each order's time went between its POST and <c>Paid</c>, read back from the services' own
/// outbox and inbox tables once the run has settled: when each event was made, when the broker
/// confirmed it, and when the consumer took it. One clock (the machine's) for all of them.
/// </summary>
internal static class CheckoutStages
{
    private sealed record Times(DateTimeOffset? Made, DateTimeOffset? Sent);

    public static async Task<string> DescribeAsync(IReadOnlyList<TrackedOrder> orders, string orderDb, string paymentDb)
    {
        await using var ordersDb = await CheckoutAudit.OpenAsync(orderDb);
        await using var paymentsDb = await CheckoutAudit.OpenAsync(paymentDb);
        var created = await OutboxAsync(ordersDb, "order.created");
        var completed = await OutboxAsync(paymentsDb, "payment.completed");
        var takenByPayments = await InboxAsync(paymentsDb, "OrderCreatedHandler");
        var takenByOrders = await InboxAsync(ordersDb, "PaymentCompletedHandler");

        var stages = new (string Name, List<double> Ms)[]
        {
            ("POST until the order was stored", []),
            ("OrderCreated in orders' outbox", []),
            ("in RabbitMQ until payments took it", []),
            ("payments charging", []),
            ("PaymentCompleted in payments' outbox", []),
            ("in RabbitMQ until orders took it", []),
            ("orders marking it Paid", []),
        };
        foreach (var order in orders.Where(o => o.PaidAt is not null))
        {
            if (!created.TryGetValue(order.Id, out var c) || !completed.TryGetValue(order.Id, out var p)
                || !takenByPayments.TryGetValue(c.Id, out var paymentsTook) || !takenByOrders.TryGetValue(p.Id, out var ordersTook))
            {
                continue;
            }
            DateTimeOffset?[] moments = [order.SentAt, c.Times.Made, c.Times.Sent, paymentsTook, p.Times.Made, p.Times.Sent, ordersTook, order.PaidAt];
            for (var i = 0; i < stages.Length; i++)
            {
                if (moments[i] is { } from && moments[i + 1] is { } to)
                {
                    stages[i].Ms.Add((to - from).TotalMilliseconds);
                }
            }
        }
        return "Where an order's time went (p50 / p99 in ms, from the services' outbox and inbox tables): "
            + string.Join("; ", stages.Select(stage =>
            {
                var sorted = stage.Ms.Order().ToList();
                return string.Create(CultureInfo.InvariantCulture, $"{stage.Name} {Percentiles.Of(sorted, 50):F0} / {Percentiles.Of(sorted, 99):F0}");
            }))
            + ".";
    }

    /// <summary>The events of one type by the order they are about: their id, when made, when the broker confirmed them.</summary>
    private static async Task<Dictionary<Guid, (Guid Id, Times Times)>> OutboxAsync(NpgsqlConnection connection, string type)
    {
        await using var command = new NpgsqlCommand(
            """SELECT ("Payload"->>'orderId')::uuid, "Id", "OccurredAt", "SentAt" FROM "OutboxMessages" WHERE "Type" = @type""", connection);
        command.Parameters.AddWithValue("type", type);
        var events = new Dictionary<Guid, (Guid, Times)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events[reader.GetGuid(0)] = (reader.GetGuid(1), new Times(
                reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3)));
        }
        return events;
    }

    /// <summary>When the consumer took each event (the inbox row is written as the handler starts).</summary>
    private static async Task<Dictionary<Guid, DateTimeOffset>> InboxAsync(NpgsqlConnection connection, string consumer)
    {
        await using var command = new NpgsqlCommand("""SELECT "EventId", "ProcessedAt" FROM "InboxMessages" WHERE "Consumer" = @consumer""", connection);
        command.Parameters.AddWithValue("consumer", consumer);
        var taken = new Dictionary<Guid, DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            taken[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return taken;
    }
}
