namespace Bychefiza.Bench.Measure;

/// <summary>
/// Waits until the graph is quiet before a scenario starts, so work left over from the previous one
/// (sign-ins still hashing after wrk stopped, the customers' registrations) is not measured with it.
/// </summary>
internal static class Settling
{
    /// <summary>
    /// In cores, for all of the graph's processes together: the idle graph uses about 0.3 (health
    /// checks, telemetry, outbox polls); a sign-in backlog alone keeps auth above 1.
    /// </summary>
    private const double QuietBelow = 0.5;

    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan AtMost = TimeSpan.FromSeconds(20);

    private static readonly string[] Load = ["bench (driver)", "wrk (load)"];

    public static async Task UntilQuietAsync(Func<IEnumerable<int>> roots)
    {
        var waited = TimeSpan.Zero;
        while (waited < AtMost)
        {
            await using var sampler = ResourceSampler.Start(roots);
            await Task.Delay(Sample);
            var busy = (await sampler.StopAsync()).Where(group => !Load.Contains(group.Group)).Sum(group => group.Cores);
            waited += Sample;
            if (busy < QuietBelow)
            {
                return;
            }
        }
        Console.WriteLine($"  the graph was still busy after {AtMost.TotalSeconds:F0} s; going on");
    }
}
