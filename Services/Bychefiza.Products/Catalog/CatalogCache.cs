using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Bychefiza.Products.Catalog;

/// <summary>
/// Shop reads cached as their JSON, in this process and in Redis (shared by every replica). Keys carry
/// a generation number, kept in Redis, that every change to the catalog bumps before it answers, so
/// the next read after a write misses both layers: nobody sees an old price once an admin's update has
/// returned. A hit costs no round trip (each replica knows the generation, see
/// <see cref="CatalogGeneration"/>) and no (de)serialisation. Stale generations expire by TTL.
/// The cache is an optimisation: without Redis every read and write goes to the database, and a
/// bump that could not be made is made before this replica trusts the cache again.
/// </summary>
public sealed class CatalogCache(IConnectionMultiplexer redis, CatalogGeneration generation, ILogger<CatalogCache> logger) : IDisposable
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);

    // Bounded by bytes: searches make a new key per query, and old generations linger until their TTL.
    private readonly MemoryCache _local = new(new MemoryCacheOptions { SizeLimit = 64 * 1024 * 1024 });

    // Set when a change could not bump the generation: entries filed before it may be stale.
    private volatile bool _bumpOwed;

    /// <summary>Whether Redis answers, for readiness (Degraded, not Unhealthy: the shop serves without it).</summary>
    public bool Available => redis.IsConnected && !_bumpOwed;

    /// <param name="create">The value, and until when it holds (prices change when a promotion starts or ends).</param>
    public async Task<CachedJson<T>> GetOrCreateAsync<T>(string key, Func<Task<(T Value, DateTimeOffset? ValidUntil)>> create, TimeProvider time)
    {
        var type = (JsonTypeInfo<T>)CatalogJson.Default.GetTypeInfo(typeof(T))!;
        string? entry = null;
        try
        {
            if (_bumpOwed)
            {
                await BumpAsync();
            }
            // The generation is read before the database, so a write that lands meanwhile files this entry under the old one.
            entry = $"catalog:{await generation.ReadAsync()}:{key}";
            if (_local.TryGetValue(entry, out byte[]? local))
            {
                return new CachedJson<T>(local!, type);
            }
            var shared = await redis.GetDatabase().StringGetWithExpiryAsync(entry);
            if (shared.Value.HasValue)
            {
                var bytes = (byte[])shared.Value!;
                KeepLocally(entry, bytes, shared.Expiry ?? MaxLifetime);
                return new CachedJson<T>(bytes, type);
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning("Catalog cache unavailable, reading the database: {Reason}", exception.Message);
            entry = null;
        }

        var (value, validUntil) = await create();
        var utf8 = JsonSerializer.SerializeToUtf8Bytes(value, type);
        var lifetime = validUntil is { } until ? Min(until - time.GetUtcNow(), MaxLifetime) : MaxLifetime;
        if (entry is not null && lifetime > TimeSpan.Zero)
        {
            KeepLocally(entry, utf8, lifetime);
            await redis.GetDatabase().StringSetAsync(entry, utf8, lifetime, flags: CommandFlags.FireAndForget);
        }
        return new CachedJson<T>(utf8, type);
    }

    /// <summary>
    /// Called after every committed change to products, categories, promotions or stock. Never fails
    /// the change: without Redis the bump is owed, and made before this replica reads the cache again.
    /// </summary>
    public async Task InvalidateAsync()
    {
        try
        {
            await BumpAsync();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            _bumpOwed = true;
            logger.LogWarning("Catalog cache not invalidated, owed until Redis answers: {Reason}", exception.Message);
        }
    }

    public void Dispose() => _local.Dispose();

    private async Task BumpAsync()
    {
        await generation.IncrementAsync();
        _bumpOwed = false;
    }

    private void KeepLocally(string entry, byte[] utf8, TimeSpan lifetime) =>
        _local.Set(entry, utf8, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = utf8.Length + entry.Length });

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
