using Bychefiza.Gateway.RateLimiting;

namespace Bychefiza.Tests.Unit;

public sealed class SlidingWindowTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset WindowStart = DateTimeOffset.FromUnixTimeMilliseconds(60_000 * 29_000_000L);

    [Fact]
    public void The_previous_window_counts_in_proportion_to_its_overlap()
    {
        Assert.Equal(10 + 30, SlidingWindow.Estimate(10, 30, WindowStart, Minute));
        Assert.Equal(10 + 15, SlidingWindow.Estimate(10, 30, WindowStart.AddSeconds(30), Minute));
        Assert.Equal(10 + 3, SlidingWindow.Estimate(10, 30, WindowStart.AddSeconds(54), Minute), precision: 6);
    }

    [Fact]
    public void A_burst_at_the_boundary_does_not_double_the_limit()
    {
        // 10 allowed a minute: ten just before the boundary leave almost no room just after it.
        var justAfter = WindowStart.AddMilliseconds(500);

        Assert.True(SlidingWindow.Estimate(1, 10, justAfter, Minute) > 10);
    }

    [Fact]
    public void Headroom_is_the_highest_current_count_still_within_the_limit()
    {
        // Half of a previous 30 still overlaps at mid-window: a limit of 100 leaves room for 85 more.
        Assert.Equal(85, SlidingWindow.Headroom(30, WindowStart.AddSeconds(30), Minute, 100));
        Assert.True(SlidingWindow.Estimate(85, 30, WindowStart.AddSeconds(30), Minute) <= 100);
        Assert.True(SlidingWindow.Estimate(86, 30, WindowStart.AddSeconds(30), Minute) > 100);
    }

    [Fact]
    public void Windows_are_numbered_by_time_and_retry_after_counts_to_the_next()
    {
        Assert.Equal(SlidingWindow.WindowIndex(WindowStart, Minute) + 1, SlidingWindow.WindowIndex(WindowStart.AddSeconds(60), Minute));
        Assert.Equal(SlidingWindow.WindowIndex(WindowStart, Minute), SlidingWindow.WindowIndex(WindowStart.AddSeconds(59.9), Minute));
        Assert.Equal(60, SlidingWindow.RetryAfterSeconds(WindowStart, Minute));
        Assert.Equal(1, SlidingWindow.RetryAfterSeconds(WindowStart.AddSeconds(59.5), Minute));
    }
}
