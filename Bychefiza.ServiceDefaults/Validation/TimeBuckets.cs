namespace Bychefiza.ServiceDefaults.Validation;

/// <summary>
/// The time axis of an admin statistic: UTC buckets of a minute, an hour or a day from <see cref="From"/>
/// to <see cref="To"/>, the last 24 buckets up to now unless told otherwise.
/// </summary>
public sealed record TimeBuckets(DateTimeOffset? From, DateTimeOffset? To, string? Bucket)
{
    public const int MaxBuckets = 1500;

    public string Name => Bucket?.ToLowerInvariant() ?? "hour";

    public TimeSpan? Step => Bucket?.ToLowerInvariant() switch
    {
        null or "hour" => TimeSpan.FromHours(1),
        "minute" => TimeSpan.FromMinutes(1),
        "day" => TimeSpan.FromDays(1),
        _ => null,
    };

    /// <summary>Field errors named like the query parameters; empty when the range can be answered.</summary>
    public Dictionary<string, string[]> Validate(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (Step is not { } step)
        {
            errors["bucket"] = ["Use minute, hour or day."];
            return errors;
        }
        var (from, to) = Range(now);
        if (from >= to)
        {
            errors["to"] = ["'to' comes after 'from'."];
        }
        else if ((to - from) / step > MaxBuckets)
        {
            errors["from"] = [$"Ask for at most {MaxBuckets} buckets: a shorter range or a larger bucket."];
        }
        return errors;
    }

    public (DateTimeOffset From, DateTimeOffset To) Range(DateTimeOffset now)
    {
        var to = To ?? now;
        return (From ?? to - 24 * (Step ?? TimeSpan.FromHours(1)), to);
    }

    /// <summary>The starts of the first and the last bucket of the range, for <c>generate_series</c>.</summary>
    public (DateTimeOffset First, DateTimeOffset Last) Starts(DateTimeOffset now)
    {
        var step = Step ?? throw new InvalidOperationException("Validate the buckets first.");
        var (from, to) = Range(now);
        return (Floor(from, step), Floor(to - TimeSpan.FromTicks(1), step));
    }

    private static DateTimeOffset Floor(DateTimeOffset at, TimeSpan step) =>
        new(at.UtcTicks - at.UtcTicks % step.Ticks, TimeSpan.Zero);
}
