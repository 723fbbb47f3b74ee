namespace Bychefiza.Messaging.Broker;

/// <summary>What happens to a message whose handler failed.</summary>
public abstract record RetryDecision
{
    public sealed record Retry(TimeSpan Delay, int NextAttempt) : RetryDecision;

    public sealed record DeadLetter : RetryDecision;
}

/// <summary>
/// A failed message waits each delay in turn and is tried again; after the last delay's attempt fails
/// it goes to the dead-letter queue. With the default delays that is 5 attempts over about 3 minutes.
/// </summary>
public sealed record RetrySchedule(IReadOnlyList<TimeSpan> Delays)
{
    public static readonly RetrySchedule Default = new([
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2),
    ]);

    public int MaxAttempts => Delays.Count + 1;

    /// <param name="attempt">The attempt that just failed, 1 for the first delivery.</param>
    public RetryDecision After(int attempt) =>
        attempt >= 1 && attempt <= Delays.Count
            ? new RetryDecision.Retry(Delays[attempt - 1], attempt + 1)
            : new RetryDecision.DeadLetter();
}

/// <summary>How long the relay waits after consecutive failures: doubling from 1 s, capped at 30 s.</summary>
public static class RelayBackoff
{
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    public static TimeSpan After(int consecutiveFailures) =>
        consecutiveFailures <= 0 ? TimeSpan.Zero
            : TimeSpan.FromSeconds(Math.Min(Max.TotalSeconds, Math.Pow(2, Math.Min(consecutiveFailures - 1, 10))));
}
