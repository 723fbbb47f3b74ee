using System.Diagnostics;
using Bychefiza.Products.Catalog;
using Bychefiza.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Bychefiza.Tests.Integration;

/// <summary>
/// The catalog's generation number as products replicas share it, against the graph's Redis: each
/// replica here is a <see cref="CatalogGeneration"/> on a connection of its own, under a key of the
/// test's own (the shop's caches are not touched).
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class CatalogGenerationTests(GraphFixture fixture) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _key = $"test:catalog-generation:{Guid.NewGuid():N}";
    private readonly List<CatalogGeneration> _replicas = [];
    private readonly GraphRedis _redis = new(fixture);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The replicas first, then the connections they use.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            replica.Dispose();
        }
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Once_a_bump_returns_every_replica_reads_the_new_number()
    {
        var (first, second, third) = (await ReplicaAsync("first"), await ReplicaAsync("second"), await ReplicaAsync("third"));
        var start = await first.ReadAsync();
        foreach (var replica in new[] { first, second, third })
        {
            Assert.Equal(start, await replica.ReadAsync());
            Assert.True(replica.Trusted, "a replica subscribed and read Redis once answers from what it knows");
        }

        for (var bump = 1; bump <= 20; bump++)
        {
            var bumper = bump % 2 == 0 ? first : second;
            var clock = Stopwatch.StartNew();
            var generation = await bumper.IncrementAsync();

            // No waiting here: the bump returned only once each replica had acknowledged the number.
            Assert.Equal(start + bump, generation);
            Assert.Equal(generation, await first.ReadAsync());
            Assert.Equal(generation, await second.ReadAsync());
            Assert.Equal(generation, await third.ReadAsync());
            Assert.True(clock.Elapsed < Patience, $"bump {bump} waited out its acknowledgements ({clock.Elapsed.TotalSeconds:F1} s)");
        }
    }

    [Fact]
    public async Task A_subscriber_that_never_acknowledges_holds_a_bump_up_to_the_timeout_only()
    {
        var timeout = TimeSpan.FromMilliseconds(500);
        var replica = await ReplicaAsync("bumper", timeout);
        var start = await replica.ReadAsync();
        var silent = await ConnectAsync("silent");
        var heard = new TaskCompletionSource<RedisValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        await silent.GetSubscriber().SubscribeAsync(RedisChannel.Literal(_key), (_, message) =>
        {
            if (message.StartsWith("bump "))
            {
                heard.TrySetResult(message);
            }
        });

        var clock = Stopwatch.StartNew();
        var generation = await replica.IncrementAsync().WaitAsync(Patience, Cancellation);

        Assert.Equal(start + 1, generation);
        Assert.InRange(clock.Elapsed, timeout * 0.9, timeout + Patience / 2);
        Assert.EndsWith($" {generation}", (await heard.Task.WaitAsync(Patience, Cancellation)).ToString(), StringComparison.Ordinal);
        Assert.Equal(generation, await replica.ReadAsync());
    }

    [Fact]
    public async Task A_replica_whose_first_act_is_a_bump_hears_the_acknowledgements()
    {
        var (bumper, other) = (await ReplicaAsync("writer"), await ReplicaAsync("reader"));
        var start = await other.ReadAsync();

        var clock = Stopwatch.StartNew();
        var generation = await bumper.IncrementAsync();

        Assert.Equal(start + 1, generation);
        Assert.Equal(generation, await other.ReadAsync());
        Assert.True(clock.Elapsed < Patience, $"the bump waited out its acknowledgements ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    [Fact]
    public async Task A_lost_key_starts_again_above_every_number_handed_out()
    {
        var admin = await ConnectAsync("admin");
        await admin.GetDatabase().StringSetAsync(_key, 7);
        var replica = await ReplicaAsync("survivor");
        Assert.Equal(8, await replica.IncrementAsync());

        // As after a Redis restart without persistence: the key is gone.
        await admin.GetDatabase().KeyDeleteAsync(_key);
        var fresh = await ReplicaAsync("newcomer");
        var restarted = await fresh.ReadAsync();
        var bumped = await replica.IncrementAsync();

        // Numbers start again from the clock in microseconds, far above any count of bumps, so no
        // cache entry filed under an old number is taken for a new one.
        Assert.True(restarted > 1_000_000_000_000_000, $"restarted at {restarted}");
        Assert.Equal(restarted + 1, bumped);
        Assert.Equal(bumped, await fresh.ReadAsync());
        Assert.Equal(bumped, await replica.ReadAsync());
    }

    [Fact]
    public async Task A_replica_asks_redis_until_it_hears_bumps_and_again_after_its_subscription_broke()
    {
        var admin = await ConnectAsync("admin", allowAdmin: true);
        var database = admin.GetDatabase();
        await database.StringSetAsync(_key, 41);
        var replica = await ReplicaAsync("watched");

        Assert.Equal(41, await replica.ReadAsync());
        Assert.True(replica.Trusted);

        // Trusted, it answers from what it knows: a number set behind its back is not seen, a published one is.
        await database.StringSetAsync(_key, 50);
        Assert.Equal(41, await replica.ReadAsync());
        await admin.GetSubscriber().PublishAsync(RedisChannel.Literal(_key), "bump another-replica 52");
        Assert.Equal(52, await Poll.UntilAsync(replica.ReadAsync, generation => generation == 52, Patience, "the published number heard"));

        // Its connections cut, it may have missed a bump: it asks Redis again, and trusts itself once resubscribed.
        var server = admin.GetServers().Single();
        foreach (var client in (await server.ClientListAsync()).Where(client => client.Name == Name("watched")))
        {
            await server.ClientKillAsync(client.Id, null, null, skipMe: true);
        }
        await Poll.UntilAsync(() => Task.FromResult(replica.Trusted), trusted => !trusted, Patience, "the replica distrusting itself");
        await database.StringSetAsync(_key, 60);
        Assert.Equal(60, await Poll.UntilAsync(SafeReadAsync(replica), generation => generation == 60, Patience, "Redis read again"));
        await Poll.UntilAsync(async () => (await SafeReadAsync(replica)()) >= 0 && replica.Trusted, trusted => trusted, Patience, "the replica trusting itself again");
        await admin.GetSubscriber().PublishAsync(RedisChannel.Literal(_key), "bump another-replica 61");
        Assert.Equal(61, await Poll.UntilAsync(replica.ReadAsync, generation => generation == 61, Patience, "bumps heard again after the reconnection"));
    }

    [Fact]
    public async Task A_replica_whose_subscription_went_silent_asks_redis_again_within_its_lease()
    {
        var connection = await ConnectAsync("silenced");
        var replica = new CatalogGeneration(connection, NullLogger<CatalogGeneration>.Instance, TimeProvider.System, _key, Patience);
        _replicas.Add(replica);
        var start = await replica.ReadAsync();
        Assert.True(replica.Trusted);

        // As when Redis drops a subscriber the client does not hear about: no connection event, no more messages.
        await connection.GetSubscriber().UnsubscribeAsync(RedisChannel.Literal(_key));
        await Poll.UntilAsync(() => Task.FromResult(replica.Trusted), trusted => !trusted, TimeSpan.FromSeconds(20), "the lease lapsed");
        var admin = await ConnectAsync("admin");
        await admin.GetDatabase().StringSetAsync(_key, start + 10);
        Assert.Equal(start + 10, await replica.ReadAsync());

        // It subscribes afresh, proves it, and hears bumps again.
        await Poll.UntilAsync(async () => (await SafeReadAsync(replica)()) >= 0 && replica.Trusted, trusted => trusted, TimeSpan.FromSeconds(30), "trusting again");
        await admin.GetSubscriber().PublishAsync(RedisChannel.Literal(_key), $"bump another-replica {start + 20}");
        Assert.Equal(start + 20, await Poll.UntilAsync(replica.ReadAsync, generation => generation == start + 20, Patience, "bumps heard again"));
    }

    /// <summary>A read that reports a failure (the connection still coming back) as -1 instead of throwing.</summary>
    private static Func<Task<long>> SafeReadAsync(CatalogGeneration replica) => async () =>
    {
        try
        {
            return await replica.ReadAsync();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return -1;
        }
    };

    private async Task<CatalogGeneration> ReplicaAsync(string name, TimeSpan? ackTimeout = null)
    {
        var replica = new CatalogGeneration(await ConnectAsync(name), NullLogger<CatalogGeneration>.Instance, TimeProvider.System, _key, ackTimeout ?? Patience);
        _replicas.Add(replica);
        return replica;
    }

    private Task<IConnectionMultiplexer> ConnectAsync(string name, bool allowAdmin = false) => _redis.ConnectAsync(Name(name), allowAdmin);

    private string Name(string replica) => $"{_key[^8..]}-{replica}";
}
