using Bychefiza.Messaging.Broker;

namespace Bychefiza.Messaging;

public sealed class EventBusOptions
{
    /// <summary>The consumer service's name: its queue is <c>{Service}</c>, its dead letters <c>{Service}.dead</c>.</summary>
    public string Service { get; set; } = "";

    /// <summary>How often the relay looks for unsent rows when no commit woke it (other replicas' rows, missed wake-ups).</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many relay passes may run at once. A pass holds its rows until the broker confirms them, and
    /// under load the broker confirms persistent messages in batches, a few hundred milliseconds apart:
    /// with one pass, rows committed meanwhile would wait for that before being published at all.
    /// </summary>
    public int RelayLanes { get; set; } = 4;

    public RetrySchedule Retries { get; set; } = RetrySchedule.Default;

    /// <summary>How many unacknowledged messages the broker hands the consumer at once.</summary>
    public ushort Prefetch { get; set; } = 16;

    /// <summary>
    /// How many of those the consumer handles at the same time, each in its own scope and transaction. One
    /// by default, which keeps the queue's order. A service raises it only when each of its handlers
    /// is safe beside another about the same thing (it locks what it changes first, as payments and orders do).
    /// The inbox is safe either way: a copy of an event being handled waits for the first to end.
    /// </summary>
    public ushort Concurrency { get; set; } = 1;
}
