using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Bychefiza.Bench.Scenarios;

/// <summary>One order the driver placed and then watched until it stopped moving.</summary>
internal sealed record TrackedOrder(Guid Id, Guid ProductId, DateTimeOffset SentAt, string FinalStatus, DateTimeOffset? PaidAt)
{
    public double? SecondsToPaid => PaidAt is { } paid ? (paid - SentAt).TotalSeconds : null;
}

internal sealed record CheckoutRun(IReadOnlyList<TrackedOrder> Orders, IReadOnlyDictionary<string, int> Rejections, TimeSpan Elapsed);

/// <summary>
/// N customers place orders concurrently (the simulator's <c>tok_visa</c> pays), each as soon as its
/// previous order was accepted; every accepted order is then watched through the API until it is
/// final. Time-to-Paid uses the order's own history (the moment it became Paid, same machine clock),
/// so the polling interval does not blur it.
/// </summary>
internal sealed class CheckoutDriver(HttpClient gateway, IReadOnlyList<Customer> customers, IReadOnlyList<CatalogProduct> products)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(90);
    private static readonly string[] FinalStatuses = ["Paid", "Cancelled", "Refunded", "Shipped", "Delivered"];

    private sealed record Placed(Guid Id, string Status);

    private sealed record StatusChange(string? From, string To, DateTimeOffset At);

    private sealed record OrderBody(Guid Id, string Status, List<StatusChange> History);

    public async Task<CheckoutRun> RunAsync(int orderCount)
    {
        var remaining = orderCount;
        var watchers = new ConcurrentBag<Task<TrackedOrder>>();
        var rejections = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(customers.Select(async (customer, index) =>
        {
            var random = new Random(index);
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var product = products[random.Next(products.Count)];
                var sentAt = DateTimeOffset.UtcNow;
                var (status, placed) = await PlaceAsync(customer, product.Id);
                if (placed is null)
                {
                    rejections.AddOrUpdate(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    continue;
                }
                watchers.Add(WatchAsync(customer, placed.Id, product.Id, sentAt));
            }
        }));
        var orders = await Task.WhenAll(watchers);
        return new CheckoutRun(orders, rejections, clock.Elapsed);
    }

    private async Task<(HttpStatusCode Status, Placed? Order)> PlaceAsync(Customer customer, Guid productId)
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
        using var response = await gateway.SendAsync(request);
        return response.StatusCode == HttpStatusCode.Created
            ? (response.StatusCode, await response.Content.ReadFromJsonAsync<Placed>())
            : (response.StatusCode, null);
    }

    private async Task<TrackedOrder> WatchAsync(Customer customer, Guid orderId, Guid productId, DateTimeOffset sentAt)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(PollEvery);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{orderId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.AccessToken);
            using var response = await gateway.SendAsync(request);
            var order = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<OrderBody>() : null;
            if (order is not null && FinalStatuses.Contains(order.Status))
            {
                var paidAt = order.History.FirstOrDefault(change => change.To == "Paid")?.At;
                return new TrackedOrder(orderId, productId, sentAt, order.Status, paidAt);
            }
            if (deadline.Elapsed > SettleWithin)
            {
                return new TrackedOrder(orderId, productId, sentAt, order?.Status ?? $"HTTP {(int)response.StatusCode}", null);
            }
        }
    }
}
