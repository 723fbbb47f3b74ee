using Bychefiza.Bench.Measure;

namespace Bychefiza.Bench.Graph;

/// <summary>
/// Where a service's own process listens. Aspire puts a proxy of its orchestrator (dcp) in front of
/// every endpoint; the ceiling pair has none, so the bench's load reaches services the same way:
/// straight to the process's ASPNETCORE_URLS.
/// </summary>
internal static class ProcessPorts
{
    public static Uri OwnUrl(string service, IEnumerable<int> roots)
    {
        var process = ProcessTable.Descendants(ProcessTable.All(), roots)
            .FirstOrDefault(p => ServiceGroups.Of(p.Name, p.CommandLine) == service)
            ?? throw new InvalidOperationException($"No process of {service} found.");
        var urls = File.ReadAllText($"/proc/{process.Pid}/environ").Split('\0')
            .FirstOrDefault(v => v.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{service} (pid {process.Pid}) has no ASPNETCORE_URLS.");
        var first = urls["ASPNETCORE_URLS=".Length..].Split(';')[0];
        return new Uri(first.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }
}
