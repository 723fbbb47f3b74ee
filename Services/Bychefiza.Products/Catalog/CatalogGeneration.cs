using StackExchange.Redis;

namespace Bychefiza.Products.Catalog;

/// <summary>
/// Reads the catalog's generation number from Redis for many requests at once. A caller joins the
/// next read that starts after it asked, never one already on its way: that read sees every
/// invalidation that returned before the caller arrived, so sharing it keeps "a change is seen at
/// once" while a busy replica makes one round trip per round-trip time instead of one per request.
/// </summary>
public sealed class CatalogGeneration(IConnectionMultiplexer redis)
{
    public const string Key = "catalog:generation";

    private readonly Lock _gate = new();
    private bool _reading;
    private TaskCompletionSource<long>? _next;

    public Task<long> ReadAsync()
    {
        var read = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_next is not null)
            {
                return _next.Task;
            }
            if (_reading)
            {
                // A read is already on its way and may predate this caller: wait for the one after it.
                _next = read;
                return read.Task;
            }
            _reading = true;
        }
        _ = ReadThenHandOverAsync(read);
        return read.Task;
    }

    /// <summary>Bumps the generation: every replica's next read misses its cached entries.</summary>
    public Task<long> IncrementAsync() => redis.GetDatabase().StringIncrementAsync(Key);

    private async Task ReadThenHandOverAsync(TaskCompletionSource<long> read)
    {
        while (true)
        {
            try
            {
                read.TrySetResult((long?)await redis.GetDatabase().StringGetAsync(Key) ?? 0);
            }
            catch (Exception exception)
            {
                // Every caller that joined this read gets the failure (the cache then reads the database).
                read.TrySetException(exception);
            }
            lock (_gate)
            {
                if (_next is null)
                {
                    _reading = false;
                    return;
                }
                read = _next;
                _next = null;
            }
        }
    }
}
