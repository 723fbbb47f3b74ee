using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Bychefiza.Gateway.RateLimiting;

/// <summary>
/// Request counts per caller, in Redis so every gateway replica shares them. A replica takes permits
/// from Redis in blocks (a sixteenth of the limit, at most 100; one at a time for small limits) and
/// spends them locally, so a busy caller costs one round trip per block instead of one per request.
/// A block taken counts in Redis at once, so replicas together never let more through than the limit;
/// permits a replica holds unspent can make the limit bite up to a block per replica early, never late.
/// When Redis does not answer, each replica counts alone (a stricter-than-nothing fallback, never
/// fail-open) and <see cref="DegradedSince"/> says so to the readiness check.
/// </summary>
public sealed class RateCounters(IConnectionMultiplexer redis, TimeProvider time, ILogger<RateCounters> logger)
{
    private const int MaxBlock = 100;
    private const int MaxKeys = 100_000;

    // INCRBY the current window by a block (expiring after two windows) and read the previous one, in one round trip.
    private static readonly LuaScript Count = LuaScript.Prepare("""
        local current = redis.call('INCRBY', @current, @block)
        if current == tonumber(@block) then redis.call('PEXPIRE', @current, @ttl) end
        local previous = tonumber(redis.call('GET', @previous) or '0')
        return { current, previous }
        """);

    private readonly ConcurrentDictionary<string, Lease> _leases = new();
    private readonly ConcurrentDictionary<string, long> _local = new();
    private long _degradedSinceTicks;

    /// <summary>Permits this replica took from the shared count for one caller and one window, not yet spent.</summary>
    private sealed class Lease
    {
        public readonly SemaphoreSlim Refill = new(1, 1);
        public long Window = -1;
        public int Left;

        // The window in which a refill came back short: the caller is at its limit, and from then on
        // takes one permit at a time, so refused requests count one each, as they would unbatched.
        public long ShortWindow = -1;

        public bool TryTake(long window)
        {
            lock (this)
            {
                if (Window != window || Left == 0)
                {
                    return false;
                }
                Left--;
                return true;
            }
        }
    }

    /// <summary>When the shared counters last failed and the local ones took over; null while Redis answers.</summary>
    public DateTimeOffset? DegradedSince => Interlocked.Read(ref _degradedSinceTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Counts this request against <paramref name="key"/>; true while the caller is within <paramref name="limit"/>.</summary>
    public async Task<bool> TryTakeAsync(string key, RateLimit limit)
    {
        var index = SlidingWindow.WindowIndex(time.GetUtcNow(), limit.Window);
        var lease = _leases.GetOrAdd(key, _ => new Lease());
        if (lease.TryTake(index))
        {
            return true;
        }

        // One refill per caller at a time: requests that arrive meanwhile spend what it brings.
        await lease.Refill.WaitAsync();
        try
        {
            if (lease.TryTake(index))
            {
                return true;
            }
            var block = lease.ShortWindow == index ? 1 : BlockOf(limit);
            var now = time.GetUtcNow();
            var (current, previous) = await CountAsync($"rl:{key}:{index}", $"rl:{key}:{index - 1}", limit.Window, block);
            var granted = (int)Math.Clamp(SlidingWindow.Headroom(previous, now, limit.Window, limit.PermitLimit) - (current - block), 0, block);
            if (granted < block)
            {
                lease.ShortWindow = index;
            }
            if (granted == 0)
            {
                return false;
            }
            lock (lease)
            {
                lease.Window = index;
                lease.Left = granted - 1;
            }
            PruneLeases(index);
            return true;
        }
        finally
        {
            lease.Refill.Release();
        }
    }

    private static int BlockOf(RateLimit limit) => Math.Clamp(limit.PermitLimit / 16, 1, MaxBlock);

    private async Task<(long Current, long Previous)> CountAsync(string currentKey, string previousKey, TimeSpan window, int block)
    {
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Count, new
            {
                current = (RedisKey)currentKey,
                previous = (RedisKey)previousKey,
                block,
                ttl = (long)(window.TotalMilliseconds * 2),
            }))!;
            if (Interlocked.Exchange(ref _degradedSinceTicks, 0) != 0)
            {
                logger.LogInformation("Rate limits are shared through Redis again");
                _local.Clear();
            }
            return ((long)result[0], (long)result[1]);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever the shared store does wrong (refuses, times out, was disposed), requests go on
            // being counted here: an error from the limiter must never become the caller's 500.
            if (Interlocked.CompareExchange(ref _degradedSinceTicks, time.GetUtcNow().UtcTicks, 0) == 0)
            {
                logger.LogWarning("Redis does not answer ({Reason}); rate limits are counted per gateway replica until it does", exception.Message);
            }
            var current = _local.AddOrUpdate(currentKey, block, (_, count) => count + block);
            PruneLocal(currentKey, previousKey);
            return (current, _local.GetValueOrDefault(previousKey));
        }
    }

    /// <summary>Keeps the fallback's memory bounded: only the current and previous windows matter.</summary>
    private void PruneLocal(string currentKey, string previousKey)
    {
        if (_local.Count < MaxKeys)
        {
            return;
        }
        foreach (var key in _local.Keys.Where(k => k != currentKey && k != previousKey))
        {
            _local.TryRemove(key, out _);
        }
    }

    /// <summary>Keeps the leases bounded: those of past windows hold nothing spendable.</summary>
    private void PruneLeases(long window)
    {
        if (_leases.Count < MaxKeys)
        {
            return;
        }
        foreach (var (key, lease) in _leases.Where(pair => pair.Value.Window < window))
        {
            _leases.TryRemove(new KeyValuePair<string, Lease>(key, lease));
        }
    }
}
