using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace Bychefiza.Tests.Support;

/// <summary>
/// Shoppers ordering one unit of one product side by side until stopped, the way a client that
/// cares does: a request that failed or got no answer is sent again with the same Idempotency-Key,
/// so a key never stands for two orders. Remembers every order the shop accepted and what else it answered.
/// </summary>
public sealed class CheckoutLoad
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentDictionary<string, Guid> _acceptedByKey = new();
    private readonly ConcurrentDictionary<string, int> _answers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _shoppers;

    private CheckoutLoad(HttpClient gateway, IReadOnlyList<string> accessTokens, Guid product, int ordersEach)
    {
        _shoppers = Task.WhenAll(accessTokens.Select(token => ShopAsync(gateway, token, product, ordersEach)));
    }

    /// <summary>Every order accepted (201), by the key it was placed with.</summary>
    public IReadOnlyDictionary<string, Guid> Accepted => _acceptedByKey;

    /// <summary>How often each answer came (a status code, or "no answer"), retries included.</summary>
    public IReadOnlyDictionary<string, int> Answers => _answers;

    /// <summary>Starts <paramref name="shoppers"/> signed-in customers, each placing at most <paramref name="ordersEach"/> orders.</summary>
    public static async Task<CheckoutLoad> StartAsync(HttpClient gateway, Guid product, int shoppers, int ordersEach)
    {
        var tokens = new List<string>();
        for (var i = 0; i < shoppers; i++)
        {
            tokens.Add((await Accounts.SignedInCustomerAsync(gateway)).Tokens.AccessToken);
        }
        return new CheckoutLoad(gateway, tokens, product, ordersEach);
    }

    /// <summary>Waits until every shopper has placed its first order, so a fault injected next lands mid-flow.</summary>
    public Task<int> UntilFlowingAsync() =>
        Poll.UntilAsync(() => Task.FromResult(_acceptedByKey.Count), n => n > 0, Shop.Settles, "the first orders accepted");

    /// <summary>Stops placing new orders; a shopper still retrying a key finishes it first (bounded).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _shoppers;
    }

    private async Task ShopAsync(HttpClient gateway, string accessToken, Guid product, int ordersEach)
    {
        for (var placed = 0; placed < ordersEach && !_stop.IsCancellationRequested; placed++)
        {
            var key = Guid.NewGuid().ToString();
            // A key is retried until it has an answer the client can act on, for at most two minutes.
            var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (DateTime.UtcNow < giveUpAt)
            {
                var (answer, order) = await PlaceAsync(gateway, accessToken, key, product);
                _answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
                if (order is { } id)
                {
                    // The same key answered twice must name the same order.
                    Assert.Equal(id, _acceptedByKey.GetOrAdd(key, id));
                    break;
                }
                if (answer is "400" or "401" or "403" or "422")
                {
                    break;
                }
                await Task.Delay(Pause);
            }
            await Task.Delay(Pause);
        }
    }

    private static async Task<(string Answer, Guid? Order)> PlaceAsync(HttpClient gateway, string accessToken, string key, Guid product)
    {
        try
        {
            using var response = await Shop.PlaceAsync(gateway, accessToken, key, Shop.OrderBody("tok_visa", (product, 1)));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var placed = await response.Content.ReadFromJsonAsync<PlacedOrderResponse>(TestContext.Current.CancellationToken);
                return ("201", placed!.Id);
            }
            return (((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return ("no answer", null);
        }
    }
}
