namespace Bychefiza.Bench.Measure;

/// <summary>CPU used (in cores) and peak resident memory of one group of processes during a window.</summary>
public sealed record GroupUsage(string Group, double Cores, long PeakRssBytes);

/// <summary>
/// Samples /proc every 250 ms for the process trees under the given roots (the bench itself, with
/// wrk and the ceiling pair, and Aspire's orchestrator, with every service and server it started).
/// </summary>
internal sealed class ResourceSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Func<IEnumerable<int>> roots;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Dictionary<int, (string Group, double First, double Last)> cpu = [];
    private readonly Dictionary<string, long> peakRss = [];
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

    private ResourceSampler(Func<IEnumerable<int>> roots)
    {
        this.roots = roots;
        Sample(first: true);
        loop = RunAsync();
    }

    public static ResourceSampler Start(Func<IEnumerable<int>> roots) => new(roots);

    /// <summary>Stops sampling and gives each group's usage over the window, largest memory first.</summary>
    public async Task<IReadOnlyList<GroupUsage>> StopAsync()
    {
        await stop.CancelAsync();
        await loop;
        Sample(first: false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cores = cpu.Values.GroupBy(v => v.Group).ToDictionary(g => g.Key, g => g.Sum(v => v.Last - v.First) / seconds);
        return [.. peakRss.Keys.Union(cores.Keys)
            .Select(group => new GroupUsage(group, cores.GetValueOrDefault(group), peakRss.GetValueOrDefault(group)))
            .OrderByDescending(usage => usage.PeakRssBytes)];
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                Sample(first: false);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private void Sample(bool first)
    {
        var processes = ProcessTable.Descendants(ProcessTable.All(), roots());
        var rssNow = new Dictionary<string, long>();
        foreach (var process in processes)
        {
            var group = ServiceGroups.Of(process.Name, process.CommandLine);
            rssNow[group] = rssNow.GetValueOrDefault(group) + process.RssBytes;
            // A process born during the window counts from zero; one present at the start from its value then.
            cpu[process.Pid] = cpu.TryGetValue(process.Pid, out var seen)
                ? seen with { Last = process.CpuSeconds }
                : (group, first ? process.CpuSeconds : 0, process.CpuSeconds);
        }
        foreach (var (group, rss) in rssNow)
        {
            peakRss[group] = Math.Max(peakRss.GetValueOrDefault(group), rss);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!loop.IsCompleted)
        {
            await stop.CancelAsync();
            await loop;
        }
        stop.Dispose();
    }
}
