using System.Globalization;
using System.Runtime.InteropServices;

namespace Bychefiza.AppHost.Infrastructure.Processes;

/// <summary>
/// Finds the processes of a run by the marker in their environment. Daemons such as epmd and the
/// children of a killed wrapper escape the orchestrator's process tracking; the marker does not.
/// </summary>
internal static class RunProcesses
{
    public const string OwnerFile = "owner.pid";

    private const int Sigterm = 15;
    private const int Sigkill = 9;

    /// <summary>
    /// The run's processes: those carrying its marker, and all their descendants, since a server that
    /// rewrites its process title (PostgreSQL's children) overwrites the environment we read.
    /// </summary>
    public static IReadOnlyList<RunProcess> Find(string runId)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var marker = $"{ProcessRun.RunVariable}={runId}\0";
        var all = AllProcesses();
        var found = all.Where(p => p.Pid != Environment.ProcessId && ReadOrEmpty(p.Pid, "environ").Contains(marker, StringComparison.Ordinal))
            .ToDictionary(p => p.Pid);

        for (var added = true; added;)
        {
            added = false;
            foreach (var process in all.Where(p => !found.ContainsKey(p.Pid) && found.ContainsKey(p.ParentPid)))
            {
                found[process.Pid] = process;
                added = true;
            }
        }
        return [.. found.Values];
    }

    /// <summary>
    /// Stops whatever is left of the run and deletes its state folder: SIGTERM to the roots of its
    /// process trees and to what each root started (a wrapper's server, the app under <c>dotnet run</c>,
    /// which forwards no signal), SIGKILL to anything still there after <paramref name="grace"/>.
    /// Returns the processes that had to be killed.
    /// </summary>
    public static IReadOnlyList<RunProcess> StopAndRemove(string runId, string stateFolder, TimeSpan grace)
    {
        var left = Find(runId);
        var pids = left.Select(p => p.Pid).ToHashSet();
        var roots = left.Where(p => !pids.Contains(p.ParentPid)).Select(p => p.Pid).ToHashSet();
        foreach (var process in left.Where(p => roots.Contains(p.Pid) || roots.Contains(p.ParentPid)))
        {
            _ = Signal(process.Pid, Sigterm);
        }

        var deadline = DateTime.UtcNow + grace;
        while (left.Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            left = Find(runId);
        }

        foreach (var process in left)
        {
            _ = Signal(process.Pid, Sigkill);
        }
        TryDelete(stateFolder);
        return left;
    }

    /// <summary>Cleans up after AppHosts that died without stopping their processes (kill -9, a crash).</summary>
    public static void RemoveRunsOfDeadAppHosts(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            var ownerFile = Path.Combine(folder, OwnerFile);
            if (File.Exists(ownerFile)
                && int.TryParse(File.ReadAllText(ownerFile), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner)
                && !Directory.Exists($"/proc/{owner}"))
            {
                StopAndRemove(Path.GetFileName(folder), folder, TimeSpan.Zero);
            }
        }
    }

    private static List<RunProcess> AllProcesses()
    {
        var processes = new List<RunProcess>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
                && ReadOrEmpty(pid, "status") is { Length: > 0 } status)
            {
                processes.Add(new RunProcess(pid, StatusField(status, "PPid"), ReadOrEmpty(pid, "comm").Trim()));
            }
        }
        return processes;
    }

    private static int StatusField(string status, string field)
    {
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : int.Parse(line[(field.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
    }

    private static string ReadOrEmpty(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // ended while we looked, or not ours to read
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open; the next run's clean-up takes it.
        }
    }
}

/// <summary>A process of a run, with the name the kernel keeps (15 characters at most).</summary>
internal sealed record RunProcess(int Pid, int ParentPid, string Name)
{
    public override string ToString() => $"{Name} ({Pid})";
}
