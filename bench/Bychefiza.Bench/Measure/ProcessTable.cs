namespace Bychefiza.Bench.Measure;

/// <summary>One process as /proc shows it: its parent, CPU time so far and resident memory.</summary>
internal sealed record ProcessSnapshot(int Pid, int ParentPid, string Name, string CommandLine, double CpuSeconds, long RssBytes);

/// <summary>Reads /proc; processes that end while being read are skipped.</summary>
internal static class ProcessTable
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private static readonly long PageSize = Environment.SystemPageSize;

    public static IReadOnlyList<ProcessSnapshot> All()
    {
        var snapshots = new List<ProcessSnapshot>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && TryRead(pid) is { } snapshot)
            {
                snapshots.Add(snapshot);
            }
        }
        return snapshots;
    }

    /// <summary>The processes below <paramref name="roots"/>, the roots included.</summary>
    public static IReadOnlyList<ProcessSnapshot> Descendants(IReadOnlyList<ProcessSnapshot> all, IEnumerable<int> roots)
    {
        var children = all.ToLookup(p => p.ParentPid);
        var found = new List<ProcessSnapshot>();
        var pending = new Stack<int>(roots);
        var byPid = all.ToDictionary(p => p.Pid);
        while (pending.TryPop(out var pid))
        {
            if (byPid.TryGetValue(pid, out var process))
            {
                found.Add(process);
            }
            foreach (var child in children[pid])
            {
                pending.Push(child.Pid);
            }
        }
        return found;
    }

    private static ProcessSnapshot? TryRead(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            var name = stat[(stat.IndexOf('(') + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            var parent = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            var rssPages = long.Parse(fields[21], System.Globalization.CultureInfo.InvariantCulture);
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return new ProcessSnapshot(pid, parent, name, commandLine, ticks / TicksPerSecond, rssPages * PageSize);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
