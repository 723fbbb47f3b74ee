using System.Diagnostics;
using System.Text;
using Bychefiza.Messaging;
using Bychefiza.Messaging.Broker;
using Bychefiza.Messaging.Events;
using Bychefiza.Messaging.Outbox;
using RabbitMQ.Client;

namespace Bychefiza.Tests.Unit;

public sealed record OrderCreated(Guid OrderId) : IntegrationEvent;

public sealed record PaymentCompleted(Guid PaymentId) : IntegrationEvent;

public sealed record SMSSent(string To) : IntegrationEvent;

public sealed class EventRulesTests
{
    [Fact]
    public void Routing_keys_are_the_type_name_in_dotted_lower_case()
    {
        Assert.Equal("user.registered", EventNames.Of<UserRegistered>());
        Assert.Equal("order.created", EventNames.Of<OrderCreated>());
        Assert.Equal("payment.completed", EventNames.Of<PaymentCompleted>());
        Assert.Equal("sms.sent", EventNames.Of<SMSSent>());
        Assert.Equal("order.created", new OrderCreated(Guid.NewGuid()).Name);
    }

    [Fact]
    public void A_new_event_carries_a_fresh_id_its_time_and_the_current_trace()
    {
        using var activity = new Activity("register").SetIdFormat(ActivityIdFormat.W3C).Start();

        var first = new UserRegistered(Guid.NewGuid(), "a@example.com", "A");
        var second = new UserRegistered(Guid.NewGuid(), "b@example.com", "B");

        Assert.NotEqual(first.Id, second.Id);
        Assert.InRange(first.OccurredAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Equal(activity.Id, first.TraceParent);
        Assert.StartsWith($"00-{activity.TraceId}-", first.TraceParent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_survives_the_outbox_and_the_wire_unchanged()
    {
        var sent = new UserRegistered(Guid.NewGuid(), "shopper@example.com", "Shopper") { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };

        var row = OutboxMessage.For(sent);
        var received = EventJson.Deserialize(typeof(UserRegistered), Encoding.UTF8.GetBytes(row.Payload));

        Assert.Equal(sent, received);
        Assert.Equal(sent.Id, row.Id);
        Assert.Equal("user.registered", row.Type);
        Assert.Null(row.SentAt);
        Assert.Contains("\"userId\":", row.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_carries_id_type_persistence_and_trace()
    {
        var id = Guid.NewGuid();
        const string trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var properties = EventMessage.Properties(id, "user.registered", DateTimeOffset.UtcNow, trace);

        Assert.Equal(id.ToString(), properties.MessageId);
        Assert.Equal("user.registered", properties.Type);
        Assert.Equal("application/json", properties.ContentType);
        Assert.Equal(DeliveryModes.Persistent, properties.DeliveryMode);
        Assert.Equal(trace, EventMessage.TraceParent(properties));
        Assert.Equal(1, EventMessage.Attempt(properties));
    }

    [Fact]
    public void A_redelivered_copy_keeps_the_message_and_counts_the_attempt()
    {
        var original = EventMessage.Properties(Guid.NewGuid(), "user.registered", DateTimeOffset.UtcNow, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        // The broker hands headers back as bytes.
        original.Headers![EventMessage.TraceParentHeader] = Encoding.UTF8.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        var copy = EventMessage.Redelivery(original, attempt: 3, lastError: "TimeoutException: slow");

        Assert.Equal(original.MessageId, copy.MessageId);
        Assert.Equal(original.Type, copy.Type);
        Assert.Equal(DeliveryModes.Persistent, copy.DeliveryMode);
        Assert.Equal(3, EventMessage.Attempt(copy));
        Assert.Equal("TimeoutException: slow", EventMessage.Header(copy, EventMessage.LastErrorHeader));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", EventMessage.TraceParent(copy));
    }

    [Fact]
    public void A_failing_message_is_retried_with_growing_delays_then_dead_lettered_after_five_attempts()
    {
        var schedule = RetrySchedule.Default;

        var decisions = Enumerable.Range(1, 5).Select(schedule.After).ToList();

        Assert.Equal(5, schedule.MaxAttempts);
        Assert.Equal(
            [new RetryDecision.Retry(TimeSpan.FromSeconds(1), 2), new RetryDecision.Retry(TimeSpan.FromSeconds(5), 3),
             new RetryDecision.Retry(TimeSpan.FromSeconds(30), 4), new RetryDecision.Retry(TimeSpan.FromMinutes(2), 5)],
            decisions.Take(4));
        Assert.IsType<RetryDecision.DeadLetter>(decisions[4]);
    }

    [Fact]
    public void Each_delay_has_its_own_retry_queue()
    {
        Assert.Equal("orders.retry.1000ms", Topology.RetryQueue("orders", TimeSpan.FromSeconds(1)));
        Assert.Equal("orders.retry.120000ms", Topology.RetryQueue("orders", TimeSpan.FromMinutes(2)));
        Assert.Equal("orders.dead", Topology.DeadLetterQueue("orders"));
    }

    [Fact]
    public void The_relay_backs_off_doubling_up_to_thirty_seconds()
    {
        Assert.Equal(
            [0, 1, 2, 4, 8, 16, 30, 30],
            new[] { 0, 1, 2, 3, 4, 5, 6, 50 }.Select(failures => RelayBackoff.After(failures).TotalSeconds));
    }

    [Fact]
    public void A_failed_publish_counts_an_attempt_and_keeps_a_short_error_without_a_stack_trace()
    {
        var row = OutboxMessage.For(new UserRegistered(Guid.NewGuid(), "a@example.com", "A"));

        row.RecordFailure(new InvalidOperationException(new string('x', 5000)));

        Assert.Equal(1, row.Attempts);
        Assert.Null(row.SentAt);
        Assert.Equal(OutboxMessage.MaxErrorLength, row.LastError!.Length);
        Assert.StartsWith("InvalidOperationException: x", row.LastError, StringComparison.Ordinal);
    }
}
