using Bychefiza.Bench.Graph;
using Bychefiza.Bench.Load;
using Bychefiza.Bench.Measure;
using Bychefiza.Bench.Report;

namespace Bychefiza.Bench.Scenarios;

/// <summary>One wrk measurement with the process sampler running over exactly its window.</summary>
internal sealed class SideMeasurement(Wrk wrk)
{
    public async Task<SideResult> MeasureAsync(string side, Uri baseUrl, string script, params string[] scriptArgs)
    {
        var url = baseUrl.GetLeftPart(UriPartial.Authority);
        Console.WriteLine($"  {side}: {url} ({script})");
        var warmedFor = await wrk.WarmUpAsync(url, script, scriptArgs);
        await using var sampler = ResourceSampler.Start(Orchestrator.SampledRoots);
        var result = await wrk.MeasureAsync(url, script, scriptArgs);
        var usage = await sampler.StopAsync();
        var measured = new SideResult(side, url, result.RequestsPerSecond, "req/s",
            result.P50 / 1000.0, result.P95 / 1000.0, result.P99 / 1000.0, result.Errors, result.Requests, usage, warmedFor, result.ErrorKinds);
        Console.WriteLine($"    warmed for {warmedFor.TotalSeconds:F0} s; {result.RequestsPerSecond:F0} req/s, p50 {result.P50 / 1000.0:F2} ms, p99 {result.P99 / 1000.0:F2} ms, errors {measured.ErrorsOfTotal}");
        return measured;
    }
}
