using System.Diagnostics.Metrics;
using Bychefiza.Messaging.Broker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Bychefiza.Messaging.Consuming;

/// <summary>
/// The gauge <c>bychefiza.messaging.queue.messages</c>: messages waiting in the service's queue
/// (<c>kind=work</c>) and its dead-letter queue (<c>kind=dead</c>), read from the broker every 15 s.
/// A gauge cannot wait for the broker when it is observed, so it reports the last count read.
/// </summary>
internal sealed class QueueDepths : BackgroundService
{
    public const string MeterName = "Bychefiza.Messaging";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly IServiceProvider _services;
    private readonly ILogger<QueueDepths> _logger;
    private readonly string _service;
    private readonly Dictionary<string, (string Kind, long Messages)> _depths = [];
    private readonly Lock _gate = new();

    public QueueDepths(IServiceProvider services, IOptions<EventBusOptions> options, IMeterFactory meters, ILogger<QueueDepths> logger)
    {
        _services = services;
        _logger = logger;
        _service = options.Value.Service;
        meters.Create(MeterName).CreateObservableGauge("bychefiza.messaging.queue.messages", Observe, "{message}",
            "Messages ready in the service's queue and in its dead-letter queue.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await CountAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The broker may be down; the readiness check says so, the gauge keeps its last count.
                _logger.LogDebug(e, "Could not count the messages of {Service}'s queues", _service);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task CountAsync(CancellationToken cancellationToken)
    {
        var connection = await Task.Run(_services.GetRequiredService<IConnection>, cancellationToken);
        foreach (var (queue, kind) in new[] { (_service, "work"), (Topology.DeadLetterQueue(_service), "dead") })
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                // Passive: counting must not create the queue.
                var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
                lock (_gate)
                {
                    _depths[queue] = (kind, declared.MessageCount);
                }
            }
            catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == Constants.NotFound)
            {
                // Not declared yet: the consumer declares its queues when it first connects.
            }
        }
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        lock (_gate)
        {
            return _depths.Select(depth => new Measurement<long>(depth.Value.Messages, new("queue", depth.Key), new("kind", depth.Value.Kind))).ToList();
        }
    }
}
