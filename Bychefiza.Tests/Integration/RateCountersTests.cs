using Bychefiza.Gateway.RateLimiting;
using Bychefiza.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bychefiza.Tests.Integration;

/// <summary>
/// The gateway's shared rate-limit counts, against the graph's Redis: each gateway replica here is a
/// <see cref="RateCounters"/> on a connection of its own, counting a caller of the test's own, on a
/// clock held in the middle of a window so no window ends during a test.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class RateCountersTests(GraphFixture fixture) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _caller = $"test:{Guid.NewGuid():N}";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 30, TimeSpan.Zero));
    private readonly GraphRedis _redis = new(fixture);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Replicas_taking_at_once_never_let_through_more_than_the_limit_and_lose_no_permit()
    {
        // A block is a sixteenth of the limit: 10 permits a round trip here.
        var limit = new RateLimit { PermitLimit = 160, WindowSeconds = 60 };
        var (first, second) = (await ReplicaAsync(), await ReplicaAsync());

        var takes = Enumerable.Range(0, 400).Select(i => Task.Run(async () => await (i % 2 == 0 ? first : second).TryTakeAsync(_caller, limit), Cancellation));
        var granted = (await Task.WhenAll(takes).WaitAsync(Patience, Cancellation)).Count(taken => taken);

        // Permits a replica holds unspent make the limit bite early, by at most a block each.
        Assert.InRange(granted, 160 - 2 * 10, 160);

        // Whatever they still hold is theirs to spend, and then nothing more is let through.
        granted += await SpendAllAsync(first, limit) + await SpendAllAsync(second, limit);
        Assert.Equal(160, granted);
        Assert.False(await first.TryTakeAsync(_caller, limit));
    }

    [Fact]
    public async Task Requests_that_find_no_permit_wait_for_one_refill_together()
    {
        var limit = new RateLimit { PermitLimit = 1600, WindowSeconds = 60 };
        var replica = await ReplicaAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await replica.TryTakeAsync(_caller, limit), Cancellation)))
            .WaitAsync(Patience, Cancellation);

        Assert.All(results, Assert.True);
        // One refill at a time per caller, and those that waited spent the block it brought: one round
        // trip for all fifty, not one per request that found the lease empty.
        Assert.Equal(100, await CountAsync(limit));
    }

    [Fact]
    public async Task A_caller_at_its_limit_is_counted_one_request_at_a_time()
    {
        var limit = new RateLimit { PermitLimit = 32, WindowSeconds = 60 };
        var replica = await ReplicaAsync();

        for (var request = 1; request <= 32; request++)
        {
            Assert.True(await replica.TryTakeAsync(_caller, limit), $"request {request} of 32 refused");
        }
        Assert.False(await replica.TryTakeAsync(_caller, limit));
        var atLimit = await CountAsync(limit);
        for (var refused = 0; refused < 5; refused++)
        {
            Assert.False(await replica.TryTakeAsync(_caller, limit));
        }

        // Each refused request counts one, as it would unbatched, so a caller who keeps hammering stays refused.
        Assert.Equal(atLimit + 5, await CountAsync(limit));
    }

    /// <summary>Takes one request at a time until the replica refuses; how many it let through.</summary>
    private async Task<int> SpendAllAsync(RateCounters replica, RateLimit limit)
    {
        var granted = 0;
        while (await replica.TryTakeAsync(_caller, limit))
        {
            granted++;
        }
        return granted;
    }

    private async Task<long> CountAsync(RateLimit limit)
    {
        var index = SlidingWindow.WindowIndex(_time.GetUtcNow(), limit.Window);
        var connection = await _redis.ConnectAsync();
        return (long)await connection.GetDatabase().StringGetAsync($"rl:{_caller}:{index}");
    }

    private async Task<RateCounters> ReplicaAsync() =>
        new(await _redis.ConnectAsync(), _time, NullLogger<RateCounters>.Instance);
}
