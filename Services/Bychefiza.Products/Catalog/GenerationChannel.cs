using StackExchange.Redis;

namespace Bychefiza.Products.Catalog;

/// <summary>
/// The Redis channel the products replicas share the catalog generation on, from one replica's side.
/// Messages: <c>bump &lt;replica&gt; &lt;n&gt;</c> (published by the bump script), <c>ack &lt;replica&gt; &lt;n&gt; &lt;bumper&gt;</c>
/// and <c>probe &lt;replica&gt; &lt;nonce&gt;</c>, which a replica publishes to prove that Redis delivers to it.
/// </summary>
internal sealed class GenerationChannel : IDisposable
{
    // How long a probe may take, and how long after a lost one to go without probing again.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProbeAgainAfter = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisChannel _channel;
    private readonly string _replica;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<string, long> _onBump;
    private readonly Action<string, long> _onAck;
    private readonly Action<RedisChannel, RedisValue> _handler;

    private readonly Lock _gate = new();
    private Task? _subscribing;
    private TaskCompletionSource? _probe;
    private string _probeNonce = "";
    private DateTimeOffset _probeAgainAt;

    /// <param name="onBump">A bump was heard: the replica that made it and its number.</param>
    /// <param name="onAck">A replica acknowledged one of this replica's bumps.</param>
    public GenerationChannel(IConnectionMultiplexer redis, string name, string replica, TimeProvider time, ILogger logger,
        Action<string, long> onBump, Action<string, long> onAck)
    {
        _redis = redis;
        _channel = RedisChannel.Literal(name);
        _replica = replica;
        _time = time;
        _logger = logger;
        _onBump = onBump;
        _onAck = onAck;
        _handler = (_, message) => OnMessage(message);
    }

    /// <summary>Registers the handler once; a failed attempt is undone, so the next one starts clean.</summary>
    public async Task SubscribeAsync()
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

    /// <summary>
    /// True once a probe this replica published came back on its subscription: Redis then counts it
    /// for every later bump. (The client resubscribes by itself after a reconnection, but does not wait
    /// for Redis to confirm it.) A lost probe drops the subscription, to be made afresh, and no probe
    /// is tried again for a while: false meanwhile.
    /// </summary>
    public async Task<bool> ProveAsync()
    {
        await SubscribeAsync();
        var nonce = Guid.NewGuid().ToString("N");
        var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? subscribing;
        lock (_gate)
        {
            if (_time.GetUtcNow() < _probeAgainAt)
            {
                return false;
            }
            (_probe, _probeNonce, subscribing) = (probe, nonce, _subscribing);
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

    /// <summary>After a connection came back: the next proof is tried at once.</summary>
    public void ProbeAgainNow()
    {
        lock (_gate)
        {
            _probeAgainAt = default;
        }
    }

    public async Task AcknowledgeAsync(string bumper, long generation)
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

    public void Dispose()
    {
        try
        {
            _redis.GetSubscriber().Unsubscribe(_channel, _handler, CommandFlags.FireAndForget);
        }
        catch (ObjectDisposedException)
        {
            // the client went first: nothing to unsubscribe from
        }
    }

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

    private void OnMessage(RedisValue message)
    {
        switch (message.ToString().Split(' '))
        {
            case ["bump", var bumper, var number] when long.TryParse(number, out var generation):
                _onBump(bumper, generation);
                break;
            case ["ack", var replica, var number, var bumper] when bumper == _replica && long.TryParse(number, out var generation):
                _onAck(replica, generation);
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
}
