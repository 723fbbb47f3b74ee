using System.Text;
using Bychefiza.Messaging;
using Bychefiza.Messaging.Broker;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>Events reach a consumer once in effect, however often they arrive, and are never swallowed when it fails.</summary>
[Collection(GraphCollection.Name)]
public sealed class ConsumedEventTests(GraphFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_redelivered_event_is_acknowledged_without_being_applied_again()
    {
        await using var probe = await ProbeConsumer.StartAsync(fixture.Graph, Cancellation);
        await using var broker = await ConnectedAsync(probe);
        var twice = new ProbeRequested(Fail: false);
        var after = new ProbeRequested(Fail: false);

        await PublishAsync(broker, twice);
        await PublishAsync(broker, twice);
        await PublishAsync(broker, after);

        // One consumer takes the queue in order: once the last event is applied, both copies were handled.
        await Poll.UntilAsync(() => probe.RecordedForAsync(after.Id, Cancellation), r => r.Effects == 1, Deadline, "the last event applied");
        Assert.Equal((1, 1), await probe.RecordedForAsync(twice.Id, Cancellation));
    }

    [Fact]
    public async Task An_event_the_handler_does_not_want_is_acknowledged_without_an_inbox_row()
    {
        await using var probe = await ProbeConsumer.StartAsync(fixture.Graph, Cancellation);
        await using var broker = await ConnectedAsync(probe);
        var unwanted = new ProbeRequested(Fail: false, Unwanted: true);
        var after = new ProbeRequested(Fail: false);

        await PublishAsync(broker, unwanted);
        await PublishAsync(broker, after);

        await Poll.UntilAsync(() => probe.RecordedForAsync(after.Id, Cancellation), r => r.Effects == 1, Deadline, "the last event applied");
        // The queue is taken in order, so the first event was acknowledged before the second was applied.
        Assert.Equal((0, 0), await probe.RecordedForAsync(unwanted.Id, Cancellation));
        Assert.Null(await broker.GetAsync(Topology.DeadLetterQueue(probe.Service), Cancellation));
    }

    [Fact]
    public async Task A_failing_event_is_retried_then_lands_in_the_dead_letter_queue_with_its_error()
    {
        await using var probe = await ProbeConsumer.StartAsync(fixture.Graph, Cancellation);
        await using var broker = await ConnectedAsync(probe);
        var failing = new ProbeRequested(Fail: true);

        await PublishAsync(broker, failing);

        var dead = await Poll.UntilAsync(
            () => broker.GetAsync(Topology.DeadLetterQueue(probe.Service), Cancellation), message => message is not null, Deadline, "a dead letter");
        Assert.Equal(failing.Id.ToString(), dead!.BasicProperties.MessageId);
        Assert.Equal(ProbeConsumer.Retries.MaxAttempts, EventMessage.Attempt(dead.BasicProperties));
        Assert.Contains("The probe was asked to fail.", EventMessage.Header(dead.BasicProperties, EventMessage.LastErrorHeader), StringComparison.Ordinal);
        Assert.Equal(failing, EventJson.Deserialize(typeof(ProbeRequested), dead.Body.Span));
        // Every attempt rolled back: neither the effect nor the inbox row stayed.
        Assert.Equal((0, 0), await probe.RecordedForAsync(failing.Id, Cancellation));
    }

    /// <summary>A broker connection once the probe consumes its queue, so nothing published is dropped unrouted.</summary>
    private async Task<Broker> ConnectedAsync(ProbeConsumer probe)
    {
        var broker = await Broker.ConnectAsync(fixture.Graph, Cancellation);
        await Poll.UntilAsync(() => broker.ConsumersOfAsync(probe.Service, Cancellation), count => count == 1, Deadline, $"{probe.Service} consuming");
        return broker;
    }

    private static Task PublishAsync(Broker broker, IntegrationEvent integrationEvent) =>
        broker.Channel.BasicPublishAsync(
            Topology.Exchange, integrationEvent.Name, mandatory: false,
            EventMessage.Properties(integrationEvent.Id, integrationEvent.Name, integrationEvent.OccurredAt, integrationEvent.TraceParent),
            Encoding.UTF8.GetBytes(EventJson.Serialize(integrationEvent)), Cancellation).AsTask();
}
