using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Bychefiza.Bench.Scenarios;

/// <summary>One order the driver placed and then watched until it stopped moving.</summary>
internal sealed record TrackedOrder(Guid Id, Customer Owner, Guid ProductId, DateTimeOffset SentAt, string FinalStatus, DateTimeOffset? PaidAt)
{
    public double? SecondsToPaid => PaidAt is { } paid ? (paid - SentAt).TotalSeconds : null;
}

internal sealed record CheckoutRun(IReadOnlyList<TrackedOrder> Orders, IReadOnlyDictionary<string, int> Rejections, TimeSpan Elapsed);

/// <summary>
/// N customers place orders concurrently (the simulator's <c>tok_visa</c> pays), each as soon as its
/// previous order was accepted, or at a given pace. Each customer watches its own orders: one read of its order list per
/// poll, and one read of an order once the list shows it final. Time-to-Paid
/// uses the order's own history (the moment it became Paid, same machine clock), so the polling
/// interval does not blur it.
/// </summary>
internal sealed class CheckoutDriver(HttpClient gateway, IReadOnlyList<Customer> customers, IReadOnlyList<CatalogProduct> products)
{
    // The SPA's order page polls at this pace while an order is pending. Watching costs the system under test
    // requests of its own, so the driver reads a customer's list, not each order: one read per poll
    // whatever the number of orders in flight (at 250 ms per order, 300 orders waiting meant 1,200
    // reads a second on the same two cores, and the run measured the watchers more than checkout).
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(90);
    private static readonly string[] FinalStatuses = ["Paid", "Cancelled", "Refunded", "Shipped", "Delivered"];

    /// <summary>The newest orders of a customer's list; a quick run places about ten per customer, a full one about a hundred.</summary>
    private const int ListSize = 100;

    private sealed record Placed(Guid Id, string Status);

    private sealed record Sent(Guid ProductId, DateTimeOffset At);

    private sealed record StatusChange(string? From, string To, DateTimeOffset At);

    private sealed record OrderBody(Guid Id, string Status, List<StatusChange> History)
    {
        public DateTimeOffset? PaidAt => History.FirstOrDefault(change => change.To == "Paid")?.At;
    }

    private sealed record OrderSummary(Guid Id, string Status);

    private sealed record OrderPage(List<OrderSummary> Items);

    /// <param name="every">
    /// When given, the customers together place one order per <paramref name="every"/> (each waits for
    /// the next free moment), so time-to-Paid is measured at that load instead of at saturation.
    /// </param>
    public async Task<CheckoutRun> RunAsync(int orderCount, TimeSpan? every = null)
    {
        var remaining = orderCount;
        var slots = 0L;
        var rejections = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();

        var watched = await Task.WhenAll(customers.Select(async (customer, index) =>
        {
            var random = new Random(index);
            var pending = new ConcurrentDictionary<Guid, Sent>();
            var placingDone = new TaskCompletionSource();
            var watch = WatchAsync(customer, pending, placingDone.Task);
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                if (every is { } pace && pace * (Interlocked.Increment(ref slots) - 1) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }
                var product = products[random.Next(products.Count)];
                var sentAt = DateTimeOffset.UtcNow;
                var (outcome, placed) = await PlaceAsync(customer, product.Id);
                if (placed is null)
                {
                    rejections.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                    continue;
                }
                pending[placed.Id] = new Sent(product.Id, sentAt);
            }
            placingDone.SetResult();
            return await watch;
        }));
        return new CheckoutRun([.. watched.SelectMany(orders => orders)], rejections, clock.Elapsed);
    }

    /// <summary>The order when accepted; otherwise what happened instead (a status code, or no answer in time).</summary>
    private async Task<(string Outcome, Placed? Order)> PlaceAsync(Customer customer, Guid productId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                items = new[] { new { productId, quantity = 1 } },
                shippingAddress = new { fullName = "Ada Lovelace", line1 = "Hauptstraße 1", line2 = (string?)null, city = "Berlin", postalCode = "10115", country = "DE" },
                paymentToken = "tok_visa",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.AccessToken);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        try
        {
            using var response = await gateway.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Created
                ? ("201", await response.Content.ReadFromJsonAsync<Placed>())
                : (((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // Not accepted as far as the customer knows; the audit finds any order stored all the same.
            return (exception is TaskCanceledException ? "no answer in 30 s" : "connection error", null);
        }
    }

    /// <summary>
    /// Reads once more, through the API, the orders the watch gave up on (called after the audit has
    /// waited for the graph to settle), so time-to-Paid covers every order that got there.
    /// </summary>
    public async Task<IReadOnlyList<TrackedOrder>> RereadUnfinishedAsync(IReadOnlyList<TrackedOrder> orders) =>
        await Task.WhenAll(orders.Select(async tracked =>
        {
            if (tracked.PaidAt is not null || FinalStatuses.Contains(tracked.FinalStatus))
            {
                return tracked;
            }
            var order = await ReadAsync(tracked.Owner, tracked.Id);
            return order is not null && FinalStatuses.Contains(order.Status)
                ? tracked with { FinalStatus = order.Status, PaidAt = order.PaidAt }
                : tracked;
        }));

    /// <summary>The order as its owner sees it; null when the read failed (the next poll tries again).</summary>
    private Task<OrderBody?> ReadAsync(Customer customer, Guid orderId) => GetAsync<OrderBody>(customer, $"/api/orders/{orderId}");

    /// <summary>The customer's newest orders with their status; null when the read failed (the next poll tries again).</summary>
    private async Task<List<OrderSummary>?> ListAsync(Customer customer) =>
        (await GetAsync<OrderPage>(customer, $"/api/orders?page=1&pageSize={ListSize}"))?.Items;

    /// <summary>A GET as the customer; null when it failed or got no answer.</summary>
    private async Task<T?> GetAsync<T>(Customer customer, string path) where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.AccessToken);
        try
        {
            using var response = await gateway.SendAsync(request);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<T>() : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the customer's order list every poll until placing is over and none of its orders is still
    /// moving; an order not final within <see cref="SettleWithin"/> of its POST is given up on (and read
    /// again after the audit).
    /// </summary>
    private async Task<List<TrackedOrder>> WatchAsync(Customer customer, ConcurrentDictionary<Guid, Sent> pending, Task placingDone)
    {
        var watched = new List<TrackedOrder>();
        while (!placingDone.IsCompleted || !pending.IsEmpty)
        {
            await Task.Delay(PollEvery);
            foreach (var summary in await ListAsync(customer) ?? [])
            {
                if (!FinalStatuses.Contains(summary.Status) || !pending.TryGetValue(summary.Id, out var sent))
                {
                    continue;
                }
                // The list says final; the order itself says when it became Paid. A failed read waits for the next poll.
                if (await ReadAsync(customer, summary.Id) is { } order && pending.TryRemove(summary.Id, out _))
                {
                    watched.Add(new TrackedOrder(order.Id, customer, sent.ProductId, sent.At, order.Status, order.PaidAt));
                }
            }
            foreach (var (id, sent) in pending)
            {
                if (DateTimeOffset.UtcNow - sent.At > SettleWithin && pending.TryRemove(id, out _))
                {
                    watched.Add(new TrackedOrder(id, customer, sent.ProductId, sent.At, $"not final after {SettleWithin.TotalSeconds:F0} s", null));
                }
            }
        }
        return watched;
    }
}
