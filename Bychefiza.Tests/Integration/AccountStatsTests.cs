using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>
/// The accounts' statistics behind the admin dashboard. Tests of the graph run one at a time, so a
/// window that starts after the admin's token and ends after one customer's sign-in holds that customer only.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class AccountStatsTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_window_counts_the_account_created_and_active_in_it()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        var from = DateTimeOffset.UtcNow;
        var (_, customer) = await Accounts.SignedInCustomerAsync(gateway);
        using var refreshed = await Accounts.RefreshAsync(gateway, customer.RefreshToken);
        var to = DateTimeOffset.UtcNow.AddMilliseconds(1);

        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get,
            $"/api/auth/users/stats?bucket=day&from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}", admin);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stats = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var buckets = stats.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(1, buckets.Sum(b => b.GetProperty("newAccounts").GetInt32()));
        // Signed in, then refreshed: two sessions' tokens, one user.
        Assert.Equal(1, buckets.Max(b => b.GetProperty("activeUsers").GetInt32()));
        Assert.True(stats.GetProperty("activeNow").GetInt64() >= 1);
        Assert.True(stats.GetProperty("accounts").GetInt32() >= 2);
    }

    [Fact]
    public async Task Outside_the_axis_is_a_field_error_and_customers_are_refused()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        var (_, customer) = await Accounts.SignedInCustomerAsync(gateway);

        using var week = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/auth/users/stats?bucket=week", admin);
        using var tooMany = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/auth/users/stats?bucket=minute&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", admin);
        using var asCustomer = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/auth/users/stats", customer.AccessToken);

        Assert.Equal(HttpStatusCode.BadRequest, week.StatusCode);
        Assert.True((await week.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty("bucket", out _));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await tooMany.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty("from", out _));
        Assert.Equal(HttpStatusCode.Forbidden, asCustomer.StatusCode);
    }
}
