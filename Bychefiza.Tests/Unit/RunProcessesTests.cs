using System.Diagnostics;
using Bychefiza.AppHost.Infrastructure.Processes;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Unit;

public sealed class RunProcessesTests
{
    [Fact]
    public void Stopping_a_run_ends_its_process_trees_and_deletes_its_state()
    {
        var runId = NewRunId();
        var state = Directory.CreateTempSubdirectory("bychefiza-run-").FullName;
        // A wrapper whose child ignores SIGTERM: the clean-up must still end both.
        using var wrapper = StartMarked(runId, "bash", "-c", "bash -c \"trap '' TERM; sleep 300\" & wait");
        WaitFor(() => RunProcesses.Find(runId).Count >= 2); // bash, and sleep (bash execs the last command of -c)

        var killed = RunProcesses.StopAndRemove(runId, state, TimeSpan.FromSeconds(1));

        Assert.Empty(RunProcesses.Find(runId));
        Assert.NotEmpty(killed); // the one that ignored SIGTERM
        Assert.False(Directory.Exists(state));
    }

    [Fact]
    public void Runs_of_a_dead_apphost_are_cleaned_up_and_live_ones_are_left_alone()
    {
        var root = Directory.CreateTempSubdirectory("bychefiza-root-").FullName;
        var deadRun = NewRunId();
        var liveRun = NewRunId();
        Directory.CreateDirectory(Path.Combine(root, deadRun));
        Directory.CreateDirectory(Path.Combine(root, liveRun));
        File.WriteAllText(Path.Combine(root, deadRun, RunProcesses.OwnerFile), DeadPid().ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(root, liveRun, RunProcesses.OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var orphan = StartMarked(deadRun, "sleep", "300");
        using var alive = StartMarked(liveRun, "sleep", "300");

        try
        {
            RunProcesses.RemoveRunsOfDeadAppHosts(root);

            Assert.Empty(RunProcesses.Find(deadRun));
            Assert.False(Directory.Exists(Path.Combine(root, deadRun)));
            Assert.Single(RunProcesses.Find(liveRun));
            Assert.True(Directory.Exists(Path.Combine(root, liveRun)));
        }
        finally
        {
            alive.Kill(entireProcessTree: true);
            Directory.Delete(root, recursive: true);
        }
    }

    private static string NewRunId() => $"unit-{Guid.NewGuid():N}"[..17];

    private static Process StartMarked(string runId, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { Environment = { [ProcessRun.RunVariable] = runId } };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    private static int DeadPid()
    {
        using var process = Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    private static void WaitFor(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the test processes did not start");
            Thread.Sleep(50);
        }
    }
}
