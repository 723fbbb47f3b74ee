using System.Text.Json;
using StackExchange.Redis;

namespace Bychefiza.Products.Catalog;

/// <summary>
/// Shop reads cached in Redis, shared by every replica. Keys carry a generation number that every
/// change to the catalog bumps before it answers, so the next read after a write misses the cache:
/// nobody sees an old price once an admin's update has returned. Stale generations expire by TTL.
/// The cache is an optimisation: without Redis every read and write goes to the database, and a
/// bump that could not be made is made before this replica trusts the cache again.
/// </summary>
public sealed class CatalogCache(IConnectionMultiplexer redis, ILogger<CatalogCache> logger)
{
    private const string GenerationKey = "catalog:generation";
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Set when a change could not bump the generation: entries filed before it may be stale.
    private volatile bool _bumpOwed;

    /// <summary>Whether Redis answers, for readiness (Degraded, not Unhealthy: the shop serves without it).</summary>
    public bool Available => redis.IsConnected && !_bumpOwed;

    /// <param name="create">The value, and until when it holds (prices change when a promotion starts or ends).</param>
    public async Task<T> GetOrCreateAsync<T>(string key, Func<Task<(T Value, DateTimeOffset? ValidUntil)>> create, TimeProvider time)
    {
        var cache = redis.GetDatabase();
        string? entry = null;
        try
        {
            if (_bumpOwed)
            {
                await BumpAsync(cache);
            }
            // The generation is read before the database, so a write that lands meanwhile files this entry under the old one.
            var generation = (long?)await cache.StringGetAsync(GenerationKey) ?? 0;
            entry = $"catalog:{generation}:{key}";
            if (await cache.StringGetAsync(entry) is { HasValue: true } cached)
            {
                return JsonSerializer.Deserialize<T>((byte[])cached!, Json)!;
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning("Catalog cache unavailable, reading the database: {Reason}", exception.Message);
            entry = null;
        }

        var (value, validUntil) = await create();
        var lifetime = validUntil is { } until ? Min(until - time.GetUtcNow(), MaxLifetime) : MaxLifetime;
        if (entry is not null && lifetime > TimeSpan.Zero)
        {
            await cache.StringSetAsync(entry, JsonSerializer.SerializeToUtf8Bytes(value, Json), lifetime, flags: CommandFlags.FireAndForget);
        }
        return value;
    }

    /// <summary>
    /// Called after every committed change to products, categories, promotions or stock. Never fails
    /// the change: without Redis the bump is owed, and made before this replica reads the cache again.
    /// </summary>
    public async Task InvalidateAsync()
    {
        try
        {
            await BumpAsync(redis.GetDatabase());
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            _bumpOwed = true;
            logger.LogWarning("Catalog cache not invalidated, owed until Redis answers: {Reason}", exception.Message);
        }
    }

    private async Task BumpAsync(IDatabase cache)
    {
        await cache.StringIncrementAsync(GenerationKey);
        _bumpOwed = false;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
