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

    // How long a probe may take, and how long after a lost one reads go straight to Redis without probing again.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProbeAgainAfter = TimeSpan.FromSeconds(5);

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

    // Messages on the one channel: "bump <replica> <n>", "ack <replica> <n> <bumper>", "probe <replica> <nonce>".
    private static readonly LuaScript Bump = LuaScript.Prepare(Ensure + "\n" + """
        local bumped = redis.call('INCR', @key)
        return { bumped, redis.call('PUBLISH', @key, 'bump ' .. @replica .. ' ' .. string.format('%d', bumped)) }
        """);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<CatalogGeneration> _logger;
    private readonly string _key;
    private readonly TimeSpan _ackTimeout;
    private readonly TimeProvider _time;
    private readonly RedisChannel _channel;
    private readonly Action<RedisChannel, RedisValue> _handler;
    private readonly string _replica = Guid.NewGuid().ToString("N");
    private readonly GenerationAcknowledgements _acknowledgements = new();
    private readonly ITimer _lease;

    private readonly Lock _gate = new();
    private long _known;
    private bool _trusted;
    // Counts connection failures and restorations: a read that started before one must not restore trust after it.
    private long _epoch;
    // The number known, as a completed task, while trusted: what a read returns without taking the lock.
    private volatile Task<long>? _answer;
    private Task? _subscribing;
    private TaskCompletionSource? _probe;
    private string _probeNonce = "";
    private DateTimeOffset _probeAgainAt;

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
        _time = time;
        _key = key;
        _ackTimeout = ackTimeout;
        _channel = RedisChannel.Literal(key);
        _handler = (_, message) => OnMessage(message);
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
        await SubscribeAsync();
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
        try
        {
            _redis.GetSubscriber().Unsubscribe(_channel, _handler, CommandFlags.FireAndForget);
        }
        catch (ObjectDisposedException)
        {
            // the client went first: nothing to unsubscribe from
        }
    }

    private async Task ReadThenHandOverAsync(TaskCompletionSource<long> read, long epoch)
    {
        while (true)
        {
            try
            {
                // Heard before read: a bump after the read below reaches this replica by its message.
                var proven = await ProveSubscriptionAsync();
                var generation = (long)await _redis.GetDatabase().ScriptEvaluateAsync(Read, new { key = (RedisKey)_key });
                lock (_gate)
                {
                    _known = Math.Max(_known, generation);
                    _trusted = proven && epoch == _epoch;
                    _answer = _trusted ? Task.FromResult(_known) : null;
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

    /// <summary>Registers the handler once; a failed attempt is undone, so the next one starts clean.</summary>
    private async Task SubscribeAsync()
    {
        Task subscribing;
        lock (_gate)
        {
            subscribing = _subscribing ??= _redis.GetSubscriber().SubscribeAsync(_channel, _handler);
        }
        try
        {
            await subscribing;
        }
        catch
        {
            await ForgetSubscriptionAsync(subscribing);
            throw;
        }
    }

    /// <summary>Removes the handler, so the next attempt subscribes afresh instead of trusting a subscription that failed.</summary>
    private async Task ForgetSubscriptionAsync(Task? subscribing)
    {
        lock (_gate)
        {
            if (_subscribing != subscribing)
            {
                return;
            }
            _subscribing = null;
        }
        try
        {
            await _redis.GetSubscriber().UnsubscribeAsync(_channel, _handler, CommandFlags.FireAndForget);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Redis is gone: the handler stays registered with the client, which the next attempt replaces.
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
            if (!_trusted)
            {
                return;
            }
            epoch = _epoch;
        }
        bool proven;
        try
        {
            proven = await ProveSubscriptionAsync();
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

    /// <summary>
    /// True once a probe this replica published came back on its subscription: Redis then counts it
    /// for every later bump. (The client resubscribes by itself after a reconnection, but does not wait
    /// for Redis to confirm it.) After a lost probe, reads go to Redis without probing for a while.
    /// </summary>
    private async Task<bool> ProveSubscriptionAsync()
    {
        await SubscribeAsync();
        Task? subscribing;
        var nonce = Guid.NewGuid().ToString("N");
        var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_time.GetUtcNow() < _probeAgainAt)
            {
                return false;
            }
            (_probe, _probeNonce) = (probe, nonce);
            subscribing = _subscribing;
        }
        await _redis.GetSubscriber().PublishAsync(_channel, $"probe {_replica} {nonce}");
        try
        {
            await probe.Task.WaitAsync(ProbeTimeout);
            return true;
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _probeAgainAt = _time.GetUtcNow() + ProbeAgainAfter;
            }
            await ForgetSubscriptionAsync(subscribing);
            _logger.LogWarning("Catalog generation: the subscription did not answer within {Timeout} ms; reads ask Redis meanwhile", ProbeTimeout.TotalMilliseconds);
            return false;
        }
    }

    private void OnMessage(RedisValue message)
    {
        switch (message.ToString().Split(' '))
        {
            case ["bump", var bumper, var number] when long.TryParse(number, out var generation):
                Know(generation);
                if (bumper == _replica)
                {
                    _acknowledgements.Add(_replica, generation);
                }
                else
                {
                    _ = AcknowledgeAsync(bumper, generation);
                }
                break;
            case ["ack", var replica, var number, var bumper] when bumper == _replica && long.TryParse(number, out var generation):
                _acknowledgements.Add(replica, generation);
                break;
            case ["probe", var replica, var nonce] when replica == _replica:
                lock (_gate)
                {
                    if (nonce == _probeNonce)
                    {
                        _probe?.TrySetResult();
                    }
                }
                break;
        }
    }

    private async Task AcknowledgeAsync(string bumper, long generation)
    {
        try
        {
            await _redis.GetSubscriber().PublishAsync(_channel, $"ack {_replica} {generation} {bumper}");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The bumper waits out its timeout and says so; this replica knows the number all the same.
            _logger.LogDebug("Catalog generation {Generation} not acknowledged: {Reason}", generation, exception.Message);
        }
    }

    private void Know(long generation)
    {
        lock (_gate)
        {
            if (generation > _known)
            {
                _known = generation;
                _answer = _trusted ? Task.FromResult(generation) : null;
            }
        }
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        lock (_gate)
        {
            Distrust();
            _probeAgainAt = default;
        }
    }

    /// <summary>Under the lock: reads ask Redis until a proven subscription and a read restore trust.</summary>
    private void Distrust()
    {
        _trusted = false;
        _answer = null;
        _epoch++;
    }
}
