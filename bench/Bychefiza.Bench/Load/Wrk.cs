using System.Diagnostics;

namespace Bychefiza.Bench.Load;

/// <summary>Runs wrk with the bench's one set of settings: only the script, its arguments and the URL differ.</summary>
internal sealed class Wrk(BenchSettings settings, Repository repository)
{
    /// <summary>A run that is not measured: fills caches, JIT-compiles and opens pools on every side alike.</summary>
    public Task WarmUpAsync(string url, string script, params string[] scriptArgs) => RunAsync(url, script, settings.Warmup, scriptArgs);

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
