using StackExchange.Redis;

namespace Bychefiza.Products.Catalog;

/// <summary>
/// The catalog's generation number: kept in Redis, bumped by every change to the catalog, and known
/// to every replica without a round trip per read.
/// <para>
/// A bump (<see cref="IncrementAsync"/>) increments the number and publishes it in one script, then
/// waits until every replica Redis told has acknowledged that number (at most <see cref="AckTimeout"/>),
/// so once a change has returned, every replica's next read misses the entries filed before it.
/// </para>
/// <para>
/// A replica trusts what it knows only after its subscription proved itself (a probe it published
/// came back) and it then read the number, and only until a connection fails or comes back or a
/// probe every few seconds goes unanswered (a lease on a subscription Redis may have dropped). Until
/// then each read asks Redis: one read shared by the callers waiting at that moment, never one that
/// started before the caller. A missing key (Redis lost its data) starts again from the clock in
/// microseconds, so the number never goes back and an old entry is never taken for a new one.
/// </para>
/// </summary>
public sealed class CatalogGeneration : IDisposable
{
    public const string Key = "catalog:generation";

    /// <summary>How long a bump waits for the replicas' acknowledgements before it returns anyway (and says so).</summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(1);

    // How often a trusting replica proves its subscription again (see RenewLeaseAsync).
    private static readonly TimeSpan LeaseEvery = TimeSpan.FromSeconds(5);

    private const string Ensure = """
        local generation = redis.call('GET', @key)
        if not generation then
          local now = redis.call('TIME')
          generation = now[1] .. string.format('%06d', tonumber(now[2]))
          redis.call('SET', @key, generation)
        end
        """;

    private static readonly LuaScript Read = LuaScript.Prepare(Ensure + "\nreturn generation");

    // Publishes "bump <replica> <n>" on the channel (GenerationChannel).
    private static readonly LuaScript Bump = LuaScript.Prepare(Ensure + "\n" + """
        local bumped = redis.call('INCR', @key)
        return { bumped, redis.call('PUBLISH', @key, 'bump ' .. @replica .. ' ' .. string.format('%d', bumped)) }
        """);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<CatalogGeneration> _logger;
    private readonly string _key;
    private readonly TimeSpan _ackTimeout;
    private readonly string _replica = Guid.NewGuid().ToString("N");
    private readonly GenerationChannel _channel;
    private readonly GenerationAcknowledgements _acknowledgements = new();
    private readonly ITimer _lease;

    private readonly Lock _gate = new();
    private long _known;
    // Counts connection failures and restorations: a read that started before one must not restore trust after it.
    private long _epoch;
    // The number known, as a completed task, while trusted (null otherwise): what a read returns without taking the lock.
    private volatile Task<long>? _answer;

    // Reads of Redis while untrusted: the one on its way, and the one callers arriving meanwhile wait for.
    private bool _reading;
    private TaskCompletionSource<long>? _next;

    public CatalogGeneration(IConnectionMultiplexer redis, ILogger<CatalogGeneration> logger, TimeProvider time)
        : this(redis, logger, time, Key, AckTimeout)
    {
    }

    /// <param name="key">The key and channel name (tests use their own).</param>
    public CatalogGeneration(IConnectionMultiplexer redis, ILogger<CatalogGeneration> logger, TimeProvider time, string key, TimeSpan ackTimeout)
    {
        _redis = redis;
        _logger = logger;
        _key = key;
        _ackTimeout = ackTimeout;
        _channel = new GenerationChannel(redis, key, _replica, time, logger, OnBump, _acknowledgements.Add);
        _redis.ConnectionFailed += OnConnectionChanged;
        _redis.ConnectionRestored += OnConnectionChanged;
        _lease = time.CreateTimer(_ => _ = RenewLeaseAsync(), null, LeaseEvery, LeaseEvery);
    }

    /// <summary>Whether reads are answered from what this replica knows, without asking Redis.</summary>
    public bool Trusted => _answer is not null;

    public Task<long> ReadAsync()
    {
        if (_answer is { } known)
        {
            return known;
        }
        var read = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        long epoch;
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
            epoch = _epoch;
        }
        _ = ReadThenHandOverAsync(read, epoch);
        return read.Task;
    }

    /// <summary>
    /// Bumps the generation: every replica's next read misses its cached entries. Returns once every
    /// replica told has acknowledged the new number, or after <see cref="AckTimeout"/>.
    /// </summary>
    public async Task<long> IncrementAsync()
    {
        // Subscribed first, or this replica would not hear its own bump or the acknowledgements.
        await _channel.SubscribeAsync();
        var reply = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(Bump, new { key = (RedisKey)_key, replica = _replica }))!;
        var (generation, told) = ((long)reply[0], (int)reply[1]);
        Know(generation);
        if (!await _acknowledgements.WaitAsync(generation, told, _ackTimeout))
        {
            _logger.LogWarning("Catalog generation {Generation}: {Told} replicas were told, not all acknowledged within {Timeout} ms",
                generation, told, _ackTimeout.TotalMilliseconds);
        }
        return generation;
    }

    public void Dispose()
    {
        _lease.Dispose();
        _redis.ConnectionFailed -= OnConnectionChanged;
        _redis.ConnectionRestored -= OnConnectionChanged;
        _channel.Dispose();
    }

    private async Task ReadThenHandOverAsync(TaskCompletionSource<long> read, long epoch)
    {
        while (true)
        {
            try
            {
                // Heard before read: a bump after the read below reaches this replica by its message.
                var proven = await _channel.ProveAsync();
                var generation = (long)await _redis.GetDatabase().ScriptEvaluateAsync(Read, new { key = (RedisKey)_key });
                lock (_gate)
                {
                    _known = Math.Max(_known, generation);
                    _answer = proven && epoch == _epoch ? Task.FromResult(_known) : null;
                    generation = _known;
                }
                read.TrySetResult(generation);
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
                epoch = _epoch;
            }
        }
    }

    /// <summary>
    /// While trusting, proves the subscription every <see cref="LeaseEvery"/>: a subscription Redis
    /// dropped without the client noticing (a half-open connection, which the client's keep-alive finds
    /// only after a minute) costs at most that long of trusting an old number.
    /// </summary>
    private async Task RenewLeaseAsync()
    {
        long epoch;
        lock (_gate)
        {
            if (_answer is null)
            {
                return;
            }
            epoch = _epoch;
        }
        bool proven;
        try
        {
            proven = await _channel.ProveAsync();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            proven = false;
        }
        if (!proven)
        {
            lock (_gate)
            {
                if (epoch == _epoch)
                {
                    Distrust();
                }
            }
        }
    }

    private void OnBump(string bumper, long generation)
    {
        Know(generation);
        if (bumper == _replica)
        {
            _acknowledgements.Add(_replica, generation);
        }
        else
        {
            _ = _channel.AcknowledgeAsync(bumper, generation);
        }
    }

    private void Know(long generation)
    {
        lock (_gate)
        {
            if (generation > _known)
            {
                _known = generation;
                if (_answer is not null)
                {
                    _answer = Task.FromResult(generation);
                }
            }
        }
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        lock (_gate)
        {
            Distrust();
        }
        _channel.ProbeAgainNow();
    }

    /// <summary>Under the lock: reads ask Redis until a proven subscription and a read restore trust.</summary>
    private void Distrust()
    {
        _answer = null;
        _epoch++;
    }
}
