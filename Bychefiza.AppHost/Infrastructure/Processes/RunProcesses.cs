using System.Diagnostics;
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

    public static IReadOnlyList<int> Find(string runId) =>
        FindWhere(environment => environment.Contains($"{ProcessRun.RunVariable}={runId}"));

    /// <summary>
    /// Stops whatever is left of the run and deletes its state folder: SIGTERM to the roots of its
    /// process trees and to what each root started (a wrapper's server, the app under <c>dotnet run</c>,
    /// which forwards no signal), SIGKILL to anything still there after <paramref name="grace"/>.
    /// Returns the names of the processes that had to be killed.
    /// </summary>
    public static IReadOnlyList<string> StopAndRemove(string runId, string stateFolder, TimeSpan grace)
    {
        var left = Find(runId);
        var parents = left.ToDictionary(pid => pid, ParentOf);
        var roots = left.Where(pid => !parents.ContainsKey(parents[pid])).ToHashSet();
        foreach (var pid in left.Where(pid => roots.Contains(pid) || roots.Contains(parents[pid])))
        {
            _ = Signal(pid, Sigterm);
        }

        var deadline = DateTime.UtcNow + grace;
        while (left.Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            left = Find(runId);
        }

        var killed = left.Select(NameOf).ToList();
        foreach (var pid in left)
        {
            _ = Signal(pid, Sigkill);
        }
        TryDelete(stateFolder);
        return killed;
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
                && !IsAlive(owner))
            {
                StopAndRemove(Path.GetFileName(folder), folder, TimeSpan.Zero);
            }
        }
    }

    private static List<int> FindWhere(Func<string, bool> environmentMatches)
    {
        var found = new List<int>();
        if (!OperatingSystem.IsLinux())
        {
            return found;
        }

        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var environment = File.ReadAllText(Path.Combine(entry, "environ"));
                if (environmentMatches(environment))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }
        return found;
    }

    private static bool IsAlive(int pid) => OperatingSystem.IsLinux() ? Directory.Exists($"/proc/{pid}") : IsAliveByApi(pid);

    private static bool IsAliveByApi(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private const int Sigterm = 15;
    private const int Sigkill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);

    private static string NameOf(int pid)
    {
        try
        {
            return $"{File.ReadAllText($"/proc/{pid}/comm").Trim()} ({pid})";
        }
        catch (IOException)
        {
            return pid.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return line is null ? 0 : int.Parse(line["PPid:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

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
