using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bychefiza.Bench.Graph;
using Npgsql;

namespace Bychefiza.Bench.Soak;

/// <summary>What the events say once the soak has settled.</summary>
/// <param name="UnsentOutbox">Outbox rows not yet published, per database.</param>
/// <param name="InboxRows">Events applied, per database (the inbox's record of them).</param>
/// <param name="OrdersWithoutPayment">Stored orders payments never heard of (an OrderCreated lost between the services).</param>
/// <param name="DeadLetters">Messages in each service's dead-letter queue.</param>
internal sealed record EventAuditResult(
    IReadOnlyDictionary<string, int> UnsentOutbox, IReadOnlyDictionary<string, int> InboxRows, int OrdersWithoutPayment,
    IReadOnlyDictionary<string, long> DeadLetters);

/// <summary>The events side of the consistency audit: outbox drained, inbox, every order seen by payments, dead letters.</summary>
internal static class EventAudit
{
    private static readonly string[] Databases = ["authdb", "userdb", "productdb", "orderdb", "paymentdb"];
    private static readonly string[] Services = ["auth", "users", "products", "orders", "payments"];
    private static readonly TimeSpan DrainWithin = TimeSpan.FromSeconds(60);

    private sealed record DeadLetterPage(long Total);

    private sealed record Tokens(string AccessToken);

    public static async Task<EventAuditResult> RunAsync(BenchGraph graph, HttpClient gateway)
    {
        var unsent = new Dictionary<string, int>();
        var inbox = new Dictionary<string, int>();
        foreach (var database in Databases)
        {
            await using var connection = await OpenAsync(graph, database);
            // The relay publishes within a second or so once the broker is back; wait for it (bounded).
            for (var clock = Stopwatch.StartNew(); ; await Task.Delay(500))
            {
                unsent[database] = await CountAsync(connection, """SELECT count(*) FROM "OutboxMessages" WHERE "SentAt" IS NULL""");
                if (unsent[database] == 0 || clock.Elapsed > DrainWithin)
                {
                    break;
                }
            }
            inbox[database] = await CountAsync(connection, """SELECT count(*) FROM "InboxMessages" """);
        }

        await using var orders = await OpenAsync(graph, "orderdb");
        await using var payments = await OpenAsync(graph, "paymentdb");
        var orderIds = await IdsAsync(orders, """SELECT "Id" FROM "Orders" """);
        var paidFor = await IdsAsync(payments, """SELECT "OrderId" FROM "Payments" """);

        return new EventAuditResult(unsent, inbox, orderIds.Count(id => !paidFor.Contains(id)), await DeadLettersAsync(graph, gateway));
    }

    private static async Task<Dictionary<string, long>> DeadLettersAsync(BenchGraph graph, HttpClient gateway)
    {
        using var login = await gateway.PostAsJsonAsync("/api/auth/login", new { email = await graph.AdminEmailAsync(), password = graph.AdminPassword });
        login.EnsureSuccessStatusCode();
        var admin = (await login.Content.ReadFromJsonAsync<Tokens>())!.AccessToken;
        var totals = new Dictionary<string, long>();
        foreach (var service in Services)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/{service}/dead-letters?limit=1");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var response = await gateway.SendAsync(request);
            response.EnsureSuccessStatusCode();
            totals[service] = (await response.Content.ReadFromJsonAsync<DeadLetterPage>())!.Total;
        }
        return totals;
    }

    private static async Task<NpgsqlConnection> OpenAsync(BenchGraph graph, string database)
    {
        var connectionString = (await graph.ConnectionStringAsync(database))!;
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<int> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<HashSet<Guid>> IdsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }
}
