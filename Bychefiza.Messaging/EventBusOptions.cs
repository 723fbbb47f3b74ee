using Bychefiza.Messaging.Broker;

namespace Bychefiza.Messaging;

public sealed class EventBusOptions
{
    /// <summary>The consumer service's name: its queue is <c>{Service}</c>, its dead letters <c>{Service}.dead</c>.</summary>
    public string Service { get; set; } = "";

    /// <summary>How often the relay looks for unsent rows when no commit woke it (other replicas' rows, missed wake-ups).</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public RetrySchedule Retries { get; set; } = RetrySchedule.Default;

    /// <summary>How many unacknowledged messages the broker hands the consumer at once.</summary>
    public ushort Prefetch { get; set; } = 16;

    /// <summary>
    /// How many of those the consumer handles at the same time. One until every handler is safe side by
    /// side: payments' OrderCreated checks for a payment, then adds one, so two announcements of one
    /// order handled at once made two payments (PaymentTests.The_same_order_announced_twice_…).
    /// </summary>
    public ushort Concurrency { get; set; } = 1;
}
