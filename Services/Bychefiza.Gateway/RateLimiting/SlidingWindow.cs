namespace Bychefiza.Gateway.RateLimiting;

/// <summary>
/// The sliding-window counter: the current fixed window's count plus the previous window's,
/// weighted by how much of it still overlaps the last <c>window</c> of time. Two counters per caller,
/// no burst of twice the limit at a window boundary.
/// </summary>
public static class SlidingWindow
{
    public static long WindowIndex(DateTimeOffset now, TimeSpan window) => now.ToUnixTimeMilliseconds() / (long)window.TotalMilliseconds;

    public static double Estimate(long current, long previous, DateTimeOffset now, TimeSpan window)
    {
        var elapsed = now.ToUnixTimeMilliseconds() % (long)window.TotalMilliseconds / window.TotalMilliseconds;
        return current + previous * (1 - elapsed);
    }

    /// <summary>
    /// The highest count the current window may reach with the caller still within <paramref name="limit"/>:
    /// the limit less what of the previous window still overlaps.
    /// </summary>
    public static long Headroom(long previous, DateTimeOffset now, TimeSpan window, int limit)
    {
        var elapsed = now.ToUnixTimeMilliseconds() % (long)window.TotalMilliseconds / window.TotalMilliseconds;
        return (long)Math.Floor(limit - previous * (1 - elapsed));
    }

    /// <summary>Whole seconds until the current window ends, when the previous one stops counting at all; at least 1.</summary>
    public static int RetryAfterSeconds(DateTimeOffset now, TimeSpan window)
    {
        var windowMs = (long)window.TotalMilliseconds;
        var left = windowMs - now.ToUnixTimeMilliseconds() % windowMs;
        return (int)Math.Max(1, Math.Ceiling(left / 1000.0));
    }
}
