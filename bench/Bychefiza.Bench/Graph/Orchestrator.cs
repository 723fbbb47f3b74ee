using Bychefiza.Bench.Measure;

namespace Bychefiza.Bench.Graph;

/// <summary>
/// Aspire's orchestrator (dcp) runs detached from the bench but watches it (<c>--monitor pid</c>):
/// its process tree holds every service and server of the graph, for sampling and for the final
/// check that nothing outlives the bench.
/// </summary>
internal static class Orchestrator
{
    public static IReadOnlyList<int> Pids() =>
        [.. ProcessTable.All()
            .Where(p => p.Name == "dcp" && p.CommandLine.Contains($"--monitor {Environment.ProcessId}", StringComparison.Ordinal))
            .Select(p => p.Pid)];

    /// <summary>The bench itself (wrk, the ceiling pair) and the orchestrator's trees.</summary>
    public static IEnumerable<int> SampledRoots() => [Environment.ProcessId, .. Pids()];
}
