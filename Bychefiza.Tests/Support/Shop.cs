using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aspire.Hosting;
using Npgsql;

namespace Bychefiza.Tests.Support;

public sealed record PlacedOrderResponse(Guid Id, string Status, decimal Total, string Currency);

public sealed record OrderLineResponse(Guid ProductId, string Name, int Quantity, decimal UnitPrice, decimal LineTotal);

public sealed record StatusChangeResponse(string? From, string To, DateTimeOffset At, string Reason);

public sealed record OrderResponse(
    Guid Id, Guid CustomerId, string Status, List<OrderLineResponse> Items, decimal Total, string Currency, Guid? PaymentId,
    List<StatusChangeResponse> History);

public sealed record OrderSummaryResponse(Guid Id, Guid CustomerId, string Status, decimal Total, string Currency, int ItemCount);

public sealed record OrderPageResponse(List<OrderSummaryResponse> Items, int Page, int PageSize, int TotalCount);

/// <summary>A shopper's side of checkout, through the gateway.</summary>
public static class Shop
{
    public static readonly TimeSpan Settles = TimeSpan.FromSeconds(60);

    public static readonly string[] FinalStatuses = ["Paid", "Cancelled", "Refunded", "Shipped", "Delivered"];

    public static object Address(string country = "DE") =>
        new { fullName = "Ada Lovelace", line1 = "Hauptstraße 1", line2 = (string?)null, city = "Berlin", postalCode = "10115", country };

    public static object OrderBody(string paymentToken, params (Guid ProductId, int Quantity)[] items) => new
    {
        items = items.Select(i => new { productId = i.ProductId, quantity = i.Quantity }),
        shippingAddress = Address(),
        paymentToken,
    };

    public static async Task<HttpResponseMessage> PlaceAsync(HttpClient gateway, string accessToken, string? idempotencyKey, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await gateway.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Places an order with a fresh key and expects it accepted.</summary>
    public static async Task<PlacedOrderResponse> OrderAsync(HttpClient gateway, string accessToken, string paymentToken, params (Guid ProductId, int Quantity)[] items)
    {
        using var placed = await PlaceAsync(gateway, accessToken, Guid.NewGuid().ToString(), OrderBody(paymentToken, items));
        Assert.Equal(System.Net.HttpStatusCode.Created, placed.StatusCode);
        return (await placed.Content.ReadFromJsonAsync<PlacedOrderResponse>(TestContext.Current.CancellationToken))!;
    }

    public static async Task<OrderResponse?> GetAsync(HttpClient gateway, string accessToken, Guid orderId)
    {
        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/orders/{orderId}", accessToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<OrderResponse>(TestContext.Current.CancellationToken) : null;
    }

    public static Task<OrderResponse?> UntilStatusAsync(HttpClient gateway, string accessToken, Guid orderId, string status) =>
        Poll.UntilAsync(() => GetAsync(gateway, accessToken, orderId), order => order?.Status == status, Settles, $"order {orderId} {status}");

    /// <summary>A product of its own with <paramref name="stock"/> units, written straight into the catalog.</summary>
    public static async Task<Guid> ProductAsync(NpgsqlConnection productDb, int stock, decimal price = 10m) =>
        await TestProducts.ProductAsync(productDb, await TestProducts.CategoryAsync(productDb), stock, price);

    /// <summary>Stops a resource of the graph; disposing starts it again and waits until the whole graph is healthy.</summary>
    public static async Task<IAsyncDisposable> StopAsync(TestGraph graph, string resource)
    {
        var stopped = await graph.App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, TestContext.Current.CancellationToken);
        Assert.True(stopped.Success, stopped.Message);
        return new Restart(graph, resource);
    }

    /// <summary>
    /// Kills a resource's process and everything it started (SIGKILL, no shutdown of its own, as a
    /// crash or an OOM kill would); disposing starts it again and waits until the whole graph is healthy.
    /// </summary>
    public static async Task<IAsyncDisposable> KillAsync(TestGraph graph, string resource)
    {
        using (var process = System.Diagnostics.Process.GetProcessById(graph.ProcessId(resource)))
        {
            process.Kill(entireProcessTree: true);
        }
        using var exited = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        exited.CancelAfter(TimeSpan.FromSeconds(30));
        await graph.App.ResourceNotifications.WaitForResourceAsync(
            resource, e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart", exited.Token);
        return new Restart(graph, resource);
    }

    private sealed class Restart(TestGraph graph, string resource) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            var started = await graph.App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, TestContext.Current.CancellationToken);
            Assert.True(started.Success, started.Message);
            using var healthy = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            healthy.CancelAfter(TimeSpan.FromSeconds(120));
            await graph.WaitUntilAllHealthyAsync(healthy.Token);
        }
    }
}
