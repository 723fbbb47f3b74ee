using System.Net;
using System.Text.Json;
using Bychefiza.Tests.Support;
using StackExchange.Redis;

namespace Bychefiza.Tests.Integration;

/// <summary>The gateway's limits: shared through Redis, 429 with Retry-After, and a local fallback it admits to.</summary>
[Collection(GraphCollection.Name)]
public sealed class RateLimitTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_ins_for_one_email_are_limited_across_gateway_replicas_and_the_count_lives_in_redis()
    {
        var gateways = TestGraph.GatewayReplicas.Select(fixture.Graph.Client).ToList();
        using var gateway = gateways[0];
        using var otherGateway = gateways[1];
        var (email, _) = await Accounts.SignedInCustomerAsync(gateway);

        // Alternating between the two gateways: were each counting alone, neither would reach the
        // limit within twice its number.
        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        while (statuses.Count < 2 * TestGraph.SensitivePerEmailLimit && retryAfter is null)
        {
            using var response = await Accounts.LoginAsync(gateways[statuses.Count % 2], email, "a wrong password, again");
            statuses.Add(response.StatusCode);
            retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? response.Headers.RetryAfter?.Delta : null;
        }
        using var otherEmail = await Accounts.LoginAsync(gateway, Accounts.NewEmail(), "a wrong password, again");

        // One sign-in was spent by SignedInCustomerAsync. The sliding window weighs the previous
        // window down as time passes, so the limit bites at the limit or a little after, never before.
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(TestGraph.SensitivePerEmailLimit - 1));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 10);
        Assert.Equal(HttpStatusCode.Unauthorized, otherEmail.StatusCode);

        await using var redis = await ConnectionMultiplexer.ConnectAsync((await fixture.Graph.App.GetConnectionStringAsync("redis", Cancellation))!);
        var keys = redis.GetServers().Single().Keys(pattern: "rl:sensitive-email:/api/auth/login:*").ToList();
        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, key => key.ToString().Contains('@', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_redis_the_gateway_keeps_limiting_alone_and_says_it_is_degraded()
    {
        var commands = fixture.Graph.App.ResourceCommands;
        using var gateway = fixture.Graph.Client("gateway");

        var stopped = await commands.ExecuteCommandAsync("redis", KnownResourceCommands.StopCommand, Cancellation);
        Assert.True(stopped.Success, stopped.Message);
        try
        {
            var degraded = await Poll.UntilAsync(
                async () =>
                {
                    using var api = await gateway.GetAsync("/api/auth/external/providers", Cancellation);
                    Assert.Equal(HttpStatusCode.OK, api.StatusCode); // still serving
                    return await RateLimitCheckAsync(gateway);
                },
                status => status == "Degraded", TimeSpan.FromSeconds(30), "the rate-limit check degraded");
            Assert.Equal("Degraded", degraded);
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync("redis", KnownResourceCommands.StartCommand, Cancellation);
            Assert.True(started.Success, started.Message);
        }

        await Poll.UntilAsync(
            async () =>
            {
                using var api = await gateway.GetAsync("/api/auth/external/providers", Cancellation);
                return await RateLimitCheckAsync(gateway);
            },
            status => status == "Healthy", TimeSpan.FromSeconds(60), "the rate-limit check healthy again");

        using var recovered = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        recovered.CancelAfter(TimeSpan.FromSeconds(90));
        await fixture.Graph.WaitUntilAllHealthyAsync(recovered.Token);
    }

    private static async Task<string?> RateLimitCheckAsync(HttpClient gateway)
    {
        using var ready = await gateway.GetAsync("/ready", Cancellation);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancellation)).RootElement;
        return report.GetProperty("checks").GetProperty("rate-limits").GetProperty("status").GetString();
    }
}
