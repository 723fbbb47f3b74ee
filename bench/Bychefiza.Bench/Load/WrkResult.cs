using System.Text.Json;

namespace Bychefiza.Bench.Load;

/// <summary>What one wrk run measured; latencies in microseconds, as wrk keeps them.</summary>
public sealed record WrkResult(
    long Requests, long DurationUs, long Non2xx, long Connect, long Read, long Write, long Timeout, long P50, long P95, long P99, long Max)
{
    public double RequestsPerSecond => DurationUs == 0 ? 0 : Requests * 1_000_000.0 / DurationUs;

    public long Errors => Non2xx + Connect + Read + Write + Timeout;

    /// <summary>What the errors were, as wrk tells them apart ("1 timed out"); empty without errors.</summary>
    public string ErrorKinds => string.Join(", ", new (long Count, string What)[]
    {
        (Non2xx, "answered neither 2xx nor 3xx"), (Connect, "failed to connect"), (Read, "failed reading"),
        (Write, "failed writing"), (Timeout, "timed out"),
    }.Where(kind => kind.Count > 0).Select(kind => $"{kind.Count} {kind.What}"));

    private const string Marker = "BENCH ";

    /// <summary>
    /// Reads the line bench/wrk/report.lua prints at the end of a run. wrk's own --latency table
    /// has no 95th percentile, hence a line of our own.
    /// </summary>
    public static WrkResult Parse(string wrkOutput)
    {
        var line = wrkOutput.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal))
            ?? throw new FormatException($"wrk printed no '{Marker.Trim()}' line:\n{wrkOutput}");
        using var json = JsonDocument.Parse(line[Marker.Length..]);
        var root = json.RootElement;
        long Field(string name) => root.GetProperty(name).GetInt64();
        return new WrkResult(
            Field("requests"), Field("durationUs"), Field("non2xx"), Field("connect"), Field("read"), Field("write"), Field("timeout"),
            Field("p50"), Field("p95"), Field("p99"), Field("max"));
    }
}
