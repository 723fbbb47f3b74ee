using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bychefiza.Messaging;
using Bychefiza.Messaging.Broker;
using Bychefiza.Messaging.DeadLetters;
using Bychefiza.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bychefiza.Tests.Integration;

/// <summary>Admins see what a consumer gave up on, without taking it, and send it back once the fault is fixed.</summary>
[Collection(GraphCollection.Name)]
public sealed class DeadLetterTests(GraphFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dead_letter_is_listed_with_its_error_and_attempts_and_listing_leaves_it_in_the_queue()
    {
        await using var probe = await ProbeConsumer.StartAsync(fixture.Graph, Cancellation);
        await using var broker = await ConnectedAsync(probe);
        var failing = new ProbeRequested(Fail: true);

        await PublishAsync(broker, failing);

        var first = await Poll.UntilAsync(() => probe.DeadLetters.ListAsync(10, Cancellation), page => page.Items.Count == 1, Deadline, "a dead letter listed");
        var second = await probe.DeadLetters.ListAsync(10, Cancellation);

        var letter = Assert.Single(first.Items);
        Assert.Equal(failing.Id.ToString(), letter.MessageId);
        Assert.Equal("probe.requested", letter.Type);
        Assert.Equal(ProbeConsumer.Retries.MaxAttempts, letter.Attempts);
        Assert.Contains("The probe was asked to fail.", letter.LastError, StringComparison.Ordinal);
        Assert.NotNull(letter.DeadLetteredAt);
        Assert.Equal(failing.OccurredAt, letter.OccurredAt);
        Assert.Equal(failing.Id, letter.Body.GetProperty("id").GetGuid());
        Assert.True(letter.Body.GetProperty("fail").GetBoolean());
        Assert.Equal(1, first.Total);
        // Listed twice, still there: nothing was consumed.
        Assert.Equal([(letter.MessageId, letter.Attempts, letter.LastError)], second.Items.Select(l => (l.MessageId, l.Attempts, l.LastError)));
        Assert.Equal(1u, await broker.MessagesInAsync(Topology.DeadLetterQueue(probe.Service), Cancellation));
    }

    [Fact]
    public async Task A_listing_shows_at_most_its_limit_oldest_first_and_counts_them_all()
    {
        await using var probe = await ProbeConsumer.StartAsync(fixture.Graph, Cancellation);
        await using var broker = await ConnectedAsync(probe);
        var failing = Enumerable.Range(0, 3).Select(_ => new ProbeRequested(Fail: true)).ToList();

        foreach (var integrationEvent in failing)
        {
            await PublishAsync(broker, integrationEvent);
        }

        await Poll.UntilAsync(() => broker.MessagesInAsync(Topology.DeadLetterQueue(probe.Service), Cancellation), count => count == 3, Deadline, "three dead letters");
        var page = await probe.DeadLetters.ListAsync(2, Cancellation);
        var all = await probe.DeadLetters.ListAsync(DeadLetterQueue.MaxLimit, Cancellation);

        Assert.Equal(3, page.Total);
        Assert.Equal(all.Items.Take(2).Select(l => l.MessageId), page.Items.Select(l => l.MessageId));
        Assert.Equal(failing.Select(e => e.Id.ToString()).Order(), all.Items.Select(l => l.MessageId).Order());
    }

    [Fact]
    public async Task Replaying_a_dead_letter_once_its_handler_works_applies_it_once_and_empties_the_queue()
    {
        await using var probe = await ProbeConsumer.StartAsync(fixture.Graph, Cancellation);
        await using var broker = await ConnectedAsync(probe);
        var failing = new ProbeRequested(Fail: true);
        await PublishAsync(broker, failing);
        await Poll.UntilAsync(() => probe.DeadLetters.ListAsync(10, Cancellation), page => page.Items.Count == 1, Deadline, "a dead letter listed");

        probe.Heal();
        var outcome = await probe.DeadLetters.ReplayAsync(failing.Id, Cancellation);

        Assert.Equal(ReplayOutcome.Replayed, outcome);
        await Poll.UntilAsync(() => probe.RecordedForAsync(failing.Id, Cancellation), r => r == (1, 1), Deadline, "the replayed event applied");
        Assert.Empty((await probe.DeadLetters.ListAsync(10, Cancellation)).Items);
        Assert.Equal(ReplayOutcome.NotFound, await probe.DeadLetters.ReplayAsync(failing.Id, Cancellation));
    }

    [Fact]
    public async Task Replaying_a_dead_copy_of_an_event_already_applied_changes_nothing()
    {
        await using var probe = await ProbeConsumer.StartAsync(fixture.Graph, Cancellation);
        await using var broker = await ConnectedAsync(probe);
        var applied = new ProbeRequested(Fail: false);
        var after = new ProbeRequested(Fail: false);
        await PublishAsync(broker, applied);
        await Poll.UntilAsync(() => probe.RecordedForAsync(applied.Id, Cancellation), r => r == (1, 1), Deadline, "the event applied");
        // The copy a crash between a dead-letter publish and its acknowledgement would leave behind.
        await PublishAsync(broker, applied, exchange: "", routingKey: Topology.DeadLetterQueue(probe.Service));
        await Poll.UntilAsync(() => broker.MessagesInAsync(Topology.DeadLetterQueue(probe.Service), Cancellation), count => count == 1, Deadline, "the stray copy");

        Assert.Equal(ReplayOutcome.Replayed, await probe.DeadLetters.ReplayAsync(applied.Id, Cancellation));
        await PublishAsync(broker, after);

        // One consumer takes the queue in order: once the later event is applied, the replay was handled.
        await Poll.UntilAsync(() => probe.RecordedForAsync(after.Id, Cancellation), r => r == (1, 1), Deadline, "the later event applied");
        Assert.Equal((1, 1), await probe.RecordedForAsync(applied.Id, Cancellation));
        Assert.Equal(0u, await broker.MessagesInAsync(Topology.DeadLetterQueue(probe.Service), Cancellation));
    }

    [Fact]
    public async Task Replaying_all_sends_every_dead_letter_back()
    {
        await using var probe = await ProbeConsumer.StartAsync(fixture.Graph, Cancellation);
        await using var broker = await ConnectedAsync(probe);
        var failing = Enumerable.Range(0, 2).Select(_ => new ProbeRequested(Fail: true)).ToList();
        foreach (var integrationEvent in failing)
        {
            await PublishAsync(broker, integrationEvent);
        }
        await Poll.UntilAsync(() => broker.MessagesInAsync(Topology.DeadLetterQueue(probe.Service), Cancellation), count => count == 2, Deadline, "two dead letters");

        probe.Heal();
        var replayed = await probe.DeadLetters.ReplayAllAsync(DeadLetterQueue.DefaultLimit, Cancellation);

        Assert.Equal(failing.Select(e => e.Id.ToString()).Order(), replayed.MessageIds.Order());
        foreach (var integrationEvent in failing)
        {
            await Poll.UntilAsync(() => probe.RecordedForAsync(integrationEvent.Id, Cancellation), r => r == (1, 1), Deadline, "a replayed event applied");
        }
        Assert.Empty((await probe.DeadLetters.ListAsync(10, Cancellation)).Items);
    }

    [Fact]
    public async Task A_replay_whose_service_queue_is_gone_leaves_the_dead_letter_where_it_was()
    {
        await using var broker = await Broker.ConnectAsync(fixture.Graph, Cancellation);
        var service = $"ghost-{Guid.NewGuid():N}"[..14];
        // Exclusive: the queue goes with the test's connection, which the dead-letter queue below shares.
        await broker.Channel.QueueDeclareAsync(Topology.DeadLetterQueue(service), durable: false, exclusive: true, autoDelete: true, cancellationToken: Cancellation);
        var stranded = new ProbeRequested(Fail: true);
        await PublishAsync(broker, stranded, exchange: "", routingKey: Topology.DeadLetterQueue(service));
        await Poll.UntilAsync(() => broker.MessagesInAsync(Topology.DeadLetterQueue(service), Cancellation), count => count == 1, Deadline, "the dead letter");
        await using var services = new ServiceCollection()
            .AddSingleton(broker.Connection)
            .AddSingleton<ConfirmedPublisher>()
            .AddSingleton<DeadLetterQueue>()
            .Configure<EventBusOptions>(options => options.Service = service)
            .BuildServiceProvider();
        var deadLetters = services.GetRequiredService<DeadLetterQueue>();

        var outcome = await deadLetters.ReplayAsync(stranded.Id, Cancellation);

        var all = await deadLetters.ReplayAllAsync(DeadLetterQueue.DefaultLimit, Cancellation);

        Assert.Equal(ReplayOutcome.ServiceQueueMissing, outcome);
        Assert.True(all.ServiceQueueMissing);
        Assert.Empty(all.MessageIds);
        Assert.Equal(stranded.Id.ToString(), Assert.Single((await deadLetters.ListAsync(10, Cancellation)).Items).MessageId);
    }

    [Fact]
    public async Task An_admin_lists_a_services_dead_letters_through_the_gateway_and_an_unknown_replay_is_404()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);

        // The products service consumes nothing, so it has no dead-letter queue at all: an empty list.
        using var list = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/products/dead-letters?limit=5", admin);
        using var unknown = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/products/dead-letters/{Guid.NewGuid()}/replay", admin);
        using var tooMany = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/products/dead-letters?limit={DeadLetterQueue.MaxLimit + 1}", admin);
        using var all = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/products/dead-letters/replay", admin);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var page = await list.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(0, page.GetProperty("total").GetInt32());
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, all.StatusCode);
        Assert.Equal(0, (await all.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("products")]
    [InlineData("orders")]
    [InlineData("payments")]
    [InlineData("users")]
    [InlineData("auth")]
    public async Task Dead_letters_are_for_admins_only_at_the_gateway(string service)
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (_, customer) = await Accounts.SignedInCustomerAsync(gateway);

        using var anonymous = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/{service}/dead-letters", accessToken: null);
        using var customerList = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/{service}/dead-letters", customer.AccessToken);
        using var customerReplay = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/{service}/dead-letters/{Guid.NewGuid()}/replay", customer.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customerList.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customerReplay.StatusCode);
    }

    /// <summary>A broker connection once the probe consumes its queue, so nothing published is dropped unrouted.</summary>
    private async Task<Broker> ConnectedAsync(ProbeConsumer probe)
    {
        var broker = await Broker.ConnectAsync(fixture.Graph, Cancellation);
        await Poll.UntilAsync(() => broker.ConsumersOfAsync(probe.Service, Cancellation), count => count == 1, Deadline, $"{probe.Service} consuming");
        return broker;
    }

    private static Task PublishAsync(Broker broker, IntegrationEvent integrationEvent, string exchange = Topology.Exchange, string? routingKey = null) =>
        broker.Channel.BasicPublishAsync(
            exchange, routingKey ?? integrationEvent.Name, mandatory: false,
            EventMessage.Properties(integrationEvent.Id, integrationEvent.Name, integrationEvent.OccurredAt, integrationEvent.TraceParent),
            Encoding.UTF8.GetBytes(EventJson.Serialize(integrationEvent)), Cancellation).AsTask();
}
