namespace Bychefiza.Bench.Report;

/// <summary>The machine the figures come from: cores, memory, CPU model and load when the run began.</summary>
internal static class Machine
{
    /// <summary>The 1, 5 and 15 minute load averages: above the core count, other work shared the cores.</summary>
    public static string LoadAverage() => string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    public static string Describe()
    {
        var memoryKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        return $"{Environment.ProcessorCount} cores ({model}), {long.Parse(memoryKb, System.Globalization.CultureInfo.InvariantCulture) / 1024 / 1024.0:F1} GB memory, " +
            $"load average at start {LoadAverage()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
