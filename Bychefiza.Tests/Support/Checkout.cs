using System.Net.Http.Json;
using Bychefiza.Messaging.Events;

namespace Bychefiza.Tests.Support;

public sealed record RefundBody(Guid Id, decimal Amount, string Currency, string Status, string Reason, string? ProviderReference, string? FailureCode);

public sealed record PaymentBody(
    Guid Id, Guid OrderId, decimal Amount, string Currency, string Provider, string Status, string? ProviderReference,
    string? FailureCode, string? FailureReason, RefundBody[] Refunds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record PaymentPageBody(PaymentBody[] Items, int Page, int PageSize, int TotalCount);

public sealed record Shopper(string AccessToken, Guid UserId);

/// <summary>Customers, orders and payments as the payments service's tests need them.</summary>
public static class Checkout
{
    /// <summary>A new customer, registered and signed in through the gateway.</summary>
    public static async Task<Shopper> ShopperAsync(HttpClient gateway)
    {
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        using var me = await Accounts.MeAsync(gateway, tokens.AccessToken);
        me.EnsureSuccessStatusCode();
        var body = await me.Content.ReadFromJsonAsync<MeResponse>(TestContext.Current.CancellationToken);
        return new Shopper(tokens.AccessToken, body!.UserId);
    }

    /// <summary>An order as the orders service announces it, paid with <paramref name="token"/>.</summary>
    public static OrderCreated Order(Shopper shopper, string token, decimal total = 42.50m, string currency = "USD") =>
        new(Guid.NewGuid(), shopper.UserId, total, currency, token, [new OrderedItem(Guid.NewGuid(), "Test kettle", 1, total)]);

    public static async Task<(System.Net.HttpStatusCode Status, T? Body)> GetAsync<T>(HttpClient gateway, string path, string accessToken)
    {
        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, path, accessToken);
        return (response.StatusCode, response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken)
            : default);
    }
}
