using System.Diagnostics;

namespace Bychefiza.Bench.Load;

/// <summary>Runs wrk with the bench's one set of settings: only the script, its arguments and the URL differ.</summary>
internal sealed class Wrk(BenchSettings settings, Repository repository)
{
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(1);

    // A side that answers fewer requests than this in a second is bound by something other than the
    // JIT (search: PostgreSQL; sign-in: password hashing), and one second warms it.
    private const int JitBoundAbove = 1000;

    /// <summary>
    /// Unmeasured load that fills caches, opens pools and lets the JIT finish, by one rule for every side:
    /// one-second runs, for at least the settings' warm-up, then until three runs in a row agree within
    /// 5 %, for about <see cref="BenchSettings.MaxWarmup"/> at most (the run under way finishes). The
    /// minimum matters: a fresh service holds a steady rate on its first-tier code for a few seconds
    /// before the optimised code lands (measured on products under browse: 74, 55, then 26 µs of CPU
    /// per request over three 5 s windows), so steadiness alone stopped too early. Returns how long the
    /// side was warmed.
    /// </summary>
    public async Task<TimeSpan> WarmUpAsync(string url, string script, params string[] scriptArgs)
    {
        var clock = Stopwatch.StartNew();
        var slices = new List<WrkResult>();
        while (clock.Elapsed < settings.MaxWarmup)
        {
            slices.Add(WrkResult.Parse(await RunAsync(url, script, Slice, scriptArgs)));
            if (slices[^1].Requests < JitBoundAbove || (clock.Elapsed >= settings.Warmup && Steady(slices.TakeLast(3).ToList())))
            {
                break;
            }
        }
        return clock.Elapsed;
    }

    private static bool Steady(IReadOnlyList<WrkResult> last)
    {
        if (last.Count < 3)
        {
            return false;
        }
        var mean = last.Average(r => r.RequestsPerSecond);
        return last.All(r => Math.Abs(r.RequestsPerSecond - mean) <= 0.05 * mean);
    }

    public async Task<WrkResult> MeasureAsync(string url, string script, params string[] scriptArgs) =>
        WrkResult.Parse(await RunAsync(url, script, settings.Duration, scriptArgs));

    private async Task<string> RunAsync(string url, string script, TimeSpan duration, string[] scriptArgs)
    {
        var start = new ProcessStartInfo("wrk")
        {
            WorkingDirectory = repository.WrkScripts, // report.lua is found next to the script
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "-t", settings.WrkThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-c", settings.Connections.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-d", $"{(int)duration.TotalSeconds}s",
                     "--timeout", "5s",
                     "-s", script, url,
                 }.Concat(scriptArgs.Length > 0 ? ["--", .. scriptArgs] : Array.Empty<string>()))
        {
            start.ArgumentList.Add(argument);
        }

        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start; ./bychefiza setup installs it.");
        var output = wrk.StandardOutput.ReadToEndAsync();
        var errors = wrk.StandardError.ReadToEndAsync();
        // Bounded: wrk stops itself after the duration; a hung one is killed well after.
        using var deadline = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        try
        {
            await wrk.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            wrk.Kill(entireProcessTree: true);
            throw new TimeoutException($"wrk on {url} did not finish");
        }
        if (wrk.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {wrk.ExitCode}: {await errors}");
        }
        return await output;
    }
}
