using StackExchange.Redis;

namespace Bychefiza.Products.Catalog;

/// <summary>
/// The catalog's generation number: kept in Redis, bumped by every change to the catalog, and known
/// to every replica without a round trip per request.
/// <para>
/// A bump (<see cref="IncrementAsync"/>) increments the number and publishes it in one script, then
/// waits until every replica subscribed at that moment has said it knows the new number (at most
/// <see cref="AckTimeout"/>). So when a change has returned, every replica's next read sees it, as
/// when each request read Redis, while a read is a field read: a busy replica spent a quarter of its
/// CPU in that per-request round trip and the thread hand-off after it (bench/analysis.md).
/// </para>
/// <para>
/// A replica trusts what it knows only while its subscription is up and after one read of Redis made
/// once the subscription was. Until then, and whenever a connection fails, each read asks Redis, one
/// read shared by the callers waiting at that moment (the next read that starts after a caller asked,
/// never one already on its way, so it sees every bump that returned before the caller arrived).
/// </para>
/// </summary>
public sealed class CatalogGeneration : IDisposable
{
    public const string Key = "catalog:generation";

    /// <summary>How long a bump waits for the replicas to acknowledge it before it returns anyway (and says so).</summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(1);

    // INCR and PUBLISH together: the reply says the number and how many replicas were told.
    private static readonly LuaScript Bump = LuaScript.Prepare("""
        local generation = redis.call('INCR', @key)
        local told = redis.call('PUBLISH', @key, @replica .. ' ' .. generation)
        return { generation, told }
        """);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<CatalogGeneration> _logger;
    private readonly string _key;
    private readonly TimeSpan _ackTimeout;
    private readonly string _replica = Guid.NewGuid().ToString("N");
    private readonly RedisChannel _bumps;
    private readonly RedisChannel _acks;

    private readonly Lock _gate = new();
    private Task<long> _known = Task.FromResult(0L);
    private bool _trusted;
    // _known while trusted, null otherwise: what a read returns without taking the lock.
    private volatile Task<long>? _answer;
    // Counts connection failures: a read that started before one must not restore trust after it.
    private long _epoch;
    private Task? _subscribing;

    // Reads of Redis while untrusted: the one on its way, and the one callers arriving meanwhile wait for.
    private bool _reading;
    private TaskCompletionSource<long>? _next;
    // The highest number a bump message brought while a read was on its way: the read may predate it.
    private long _heardWhileReading;

    // What each replica acknowledged (the highest number), and the bumps of this replica waiting for acknowledgements.
    private readonly Dictionary<string, long> _acknowledged = [];
    private readonly List<Waiter> _waiters = [];

    public CatalogGeneration(IConnectionMultiplexer redis, ILogger<CatalogGeneration> logger)
        : this(redis, logger, Key, AckTimeout)
    {
    }

    /// <param name="key">The key and channel name (tests use their own).</param>
    public CatalogGeneration(IConnectionMultiplexer redis, ILogger<CatalogGeneration> logger, string key, TimeSpan ackTimeout)
    {
        _redis = redis;
        _logger = logger;
        _key = key;
        _ackTimeout = ackTimeout;
        _bumps = RedisChannel.Literal(key);
        _acks = RedisChannel.Literal($"{key}:acks:{_replica}");
        _redis.ConnectionFailed += OnConnectionFailed;
    }

    /// <summary>Whether reads are answered from what this replica knows (the subscription is up), for tests and diagnostics.</summary>
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
            if (_trusted)
            {
                return _known;
            }
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
            _heardWhileReading = 0;
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
        var reply = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(Bump, new { key = (RedisKey)_key, replica = _replica }))!;
        var (generation, told) = ((long)reply[0], (int)reply[1]);
        Know(generation);
        if (Trusted)
        {
            // This replica was told too (it is subscribed) and knows the number already: no need to wait
            // for its own message, so a lone replica returns at once.
            Acknowledge(_replica, generation);
        }
        var waiter = new Waiter(generation, told);
        lock (_gate)
        {
            if (waiter.Done(_acknowledged))
            {
                return generation;
            }
            _waiters.Add(waiter);
        }
        try
        {
            await waiter.Acknowledged.Task.WaitAsync(_ackTimeout);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
            _logger.LogWarning("Catalog generation {Generation}: {Told} replicas were told, not all acknowledged within {Timeout} ms",
                generation, told, _ackTimeout.TotalMilliseconds);
        }
        return generation;
    }

    public void Dispose()
    {
        _redis.ConnectionFailed -= OnConnectionFailed;
        try
        {
            var subscriber = _redis.GetSubscriber();
            subscriber.Unsubscribe(_bumps, flags: CommandFlags.FireAndForget);
            subscriber.Unsubscribe(_acks, flags: CommandFlags.FireAndForget);
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
            var trust = false;
            try
            {
                // Subscribed first: a bump after the read below reaches this replica by its message.
                trust = await SubscribedAsync();
                var generation = (long?)await _redis.GetDatabase().StringGetAsync(_key) ?? 0;
                lock (_gate)
                {
                    // What Redis says, even if lower than what was known (a Redis that lost its data starts
                    // again), unless a bump was heard meanwhile.
                    generation = Math.Max(generation, _heardWhileReading);
                    _known = Task.FromResult(generation);
                    _trusted = trust && epoch == _epoch;
                    _answer = _trusted ? _known : null;
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
                _heardWhileReading = 0;
                epoch = _epoch;
            }
        }
    }

    /// <summary>True once this replica hears bumps and acknowledgements; false while the subscription is down.</summary>
    private async Task<bool> SubscribedAsync()
    {
        var subscriber = _redis.GetSubscriber();
        Task subscribing;
        lock (_gate)
        {
            subscribing = _subscribing ??= Task.WhenAll(
                subscriber.SubscribeAsync(_bumps, (_, message) => OnBump(message)),
                subscriber.SubscribeAsync(_acks, (_, message) => OnAck(message)));
        }
        try
        {
            await subscribing;
        }
        catch (Exception) when (!subscribing.IsCompletedSuccessfully)
        {
            lock (_gate)
            {
                if (_subscribing == subscribing)
                {
                    _subscribing = null;
                }
            }
            throw;
        }
        // Once subscribed, the client subscribes again by itself after a reconnection.
        return subscriber.IsConnected(_bumps) && subscriber.IsConnected(_acks);
    }

    /// <summary>"replica generation" from a bump: know it, and acknowledge it to the replica that bumped.</summary>
    private void OnBump(RedisValue message)
    {
        if (Parse(message) is not var (replica, generation))
        {
            return;
        }
        Know(generation);
        if (replica == _replica)
        {
            Acknowledge(replica, generation);
        }
        else
        {
            _redis.GetSubscriber().Publish(RedisChannel.Literal($"{_key}:acks:{replica}"), $"{_replica} {generation}", CommandFlags.FireAndForget);
        }
    }

    private void OnAck(RedisValue message)
    {
        if (Parse(message) is var (replica, generation))
        {
            Acknowledge(replica, generation);
        }
    }

    private void Acknowledge(string replica, long generation)
    {
        List<Waiter> done;
        lock (_gate)
        {
            _acknowledged[replica] = Math.Max(generation, _acknowledged.GetValueOrDefault(replica));
            done = _waiters.FindAll(waiter => waiter.Done(_acknowledged));
            _waiters.RemoveAll(done.Contains);
            if (_acknowledged.Count > 64)
            {
                // Replicas long gone: keep those that acknowledged one of the last thousand bumps.
                var recent = _acknowledged.Values.Max() - 1000;
                foreach (var stale in _acknowledged.Where(pair => pair.Value < recent).Select(pair => pair.Key).ToList())
                {
                    _acknowledged.Remove(stale);
                }
            }
        }
        foreach (var waiter in done)
        {
            waiter.Acknowledged.TrySetResult();
        }
    }

    private void Know(long generation)
    {
        lock (_gate)
        {
            _heardWhileReading = Math.Max(_heardWhileReading, generation);
            if (generation > _known.Result)
            {
                _known = Task.FromResult(generation);
                _answer = _trusted ? _known : null;
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        lock (_gate)
        {
            _trusted = false;
            _answer = null;
            _epoch++;
        }
    }

    private static (string Replica, long Generation)? Parse(RedisValue message) =>
        message.ToString().Split(' ') is [var replica, var number] && long.TryParse(number, out var generation)
            ? (replica, generation)
            : null;

    /// <summary>A bump of this replica, done once <see cref="Told"/> replicas acknowledged its number or a later one.</summary>
    private sealed class Waiter(long generation, int told)
    {
        public int Told => told;

        public TaskCompletionSource Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Done(Dictionary<string, long> acknowledged) => acknowledged.Values.Count(known => known >= generation) >= told;
    }
}
