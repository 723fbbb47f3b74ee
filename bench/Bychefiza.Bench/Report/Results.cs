using Bychefiza.Bench.Measure;

namespace Bychefiza.Bench.Report;

/// <summary>One measured side of a scenario (e.g. "direct to products"): load figures and who used the machine.</summary>
internal sealed record SideResult(
    string Side, string Target, double Throughput, string Unit, double P50Ms, double P95Ms, double P99Ms, long Errors, long Total,
    IReadOnlyList<GroupUsage> Usage, TimeSpan? WarmedFor = null, string ErrorKinds = "")
{
    /// <summary>"3 of 9000", with what the errors were when there were any: "3 of 9000 (3 timed out)".</summary>
    public string ErrorsOfTotal => ErrorKinds.Length > 0 ? $"{Errors} of {Total} ({ErrorKinds})" : $"{Errors} of {Total}";

    /// <summary>The CPU time <paramref name="group"/>'s processes spent per request (or order), in microseconds.</summary>
    public double MicrosecondsPerRequest(string group) =>
        Throughput <= 0 ? 0 : Usage.Where(u => u.Group == group).Sum(u => u.Cores) / Throughput * 1e6;
}

internal sealed record ScenarioResult(string Title, string What, IReadOnlyList<SideResult> Sides, IReadOnlyList<string> Notes);

/// <summary>A target of the issue, checked against the figures of this run.</summary>
internal sealed record TargetCheck(string Target, string Measured, bool Met);

internal sealed record Footprint(TimeSpan UpToHealthy, IReadOnlyList<GroupUsage> Idle);

internal sealed record BenchResults(
    BenchSettings Settings, DateTimeOffset StartedAt, TimeSpan Took, string Machine, string LoadAtEnd,
    IReadOnlyList<ScenarioResult> Scenarios, Footprint Footprint, IReadOnlyList<TargetCheck> Targets);
