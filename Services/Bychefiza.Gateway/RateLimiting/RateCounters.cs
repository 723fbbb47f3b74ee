using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Bychefiza.Gateway.RateLimiting;

/// <summary>
/// Request counts per caller, in Redis so every gateway replica shares them. When Redis does not
/// answer, each replica counts alone (a stricter-than-nothing fallback, never fail-open) and
/// <see cref="DegradedSince"/> says so to the readiness check.
/// </summary>
public sealed class RateCounters(IConnectionMultiplexer redis, TimeProvider time, ILogger<RateCounters> logger)
{
    // INCR the current window (expiring after two windows) and read the previous one, in one round trip.
    private static readonly LuaScript Count = LuaScript.Prepare("""
        local current = redis.call('INCR', @current)
        if current == 1 then redis.call('PEXPIRE', @current, @ttl) end
        local previous = tonumber(redis.call('GET', @previous) or '0')
        return { current, previous }
        """);

    private readonly ConcurrentDictionary<string, long> _local = new();
    private long _degradedSinceTicks;

    /// <summary>When the shared counters last failed and the local ones took over; null while Redis answers.</summary>
    public DateTimeOffset? DegradedSince => Interlocked.Read(ref _degradedSinceTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Counts this request against <paramref name="key"/>; true while the caller is within <paramref name="limit"/>.</summary>
    public async Task<bool> TryTakeAsync(string key, RateLimit limit)
    {
        var now = time.GetUtcNow();
        var index = SlidingWindow.WindowIndex(now, limit.Window);
        var (current, previous) = await CountAsync($"rl:{key}:{index}", $"rl:{key}:{index - 1}", limit.Window);
        return SlidingWindow.Estimate(current, previous, now, limit.Window) <= limit.PermitLimit;
    }

    private async Task<(long Current, long Previous)> CountAsync(string currentKey, string previousKey, TimeSpan window)
    {
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Count, new
            {
                current = (RedisKey)currentKey,
                previous = (RedisKey)previousKey,
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
            var current = _local.AddOrUpdate(currentKey, 1, (_, count) => count + 1);
            PruneLocal(currentKey, previousKey);
            return (current, _local.GetValueOrDefault(previousKey));
        }
    }

    /// <summary>Keeps the fallback's memory bounded: only the current and previous windows matter.</summary>
    private void PruneLocal(string currentKey, string previousKey)
    {
        if (_local.Count < 100_000)
        {
            return;
        }
        foreach (var key in _local.Keys.Where(k => k != currentKey && k != previousKey))
        {
            _local.TryRemove(key, out _);
        }
    }
}
