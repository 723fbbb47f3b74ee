using Bychefiza.AppHost.Infrastructure.Processes;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>Starts a graph of its own, because what it checks is what remains after one stops.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_apphost_leaves_no_process_of_the_run_behind()
    {
        var graph = await TestGraph.StartAsync(TestContext.Current.CancellationToken);
        var stateFolder = Path.Combine(graph.StateRoot, graph.RunId);
        var running = RunProcesses.Find(graph.RunId).Select(NameOf).ToHashSet();

        await graph.DisposeAsync();

        foreach (var expected in new[] { "postgres", "redis-server", "beam.smp", "epmd", "Bychefiza.Auth", "Bychefiza.Gateway", "Bychefiza.Web" })
        {
            Assert.True(running.Contains(expected), $"{expected} was not among the run's processes: {string.Join(", ", running.Order())}");
        }
        var left = await Poll.UntilAsync(() => Task.FromResult(RunProcesses.Find(graph.RunId)), processes => processes.Count == 0,
            TimeSpan.FromSeconds(60), "free of the run's processes");
        Assert.Empty(left);
        Assert.False(Directory.Exists(stateFolder), $"{stateFolder} outlived the run");
    }

    /// <summary>A service runs as <c>dotnet exec Bychefiza.Auth.dll</c>: named by its assembly; any other process by its own name.</summary>
    private static string NameOf(RunProcess process) =>
        process.Name == "dotnet" && ProcessCommandLine.Of(process.Pid) is [_, "exec", var assembly, ..]
            ? Path.GetFileNameWithoutExtension(assembly)
            : process.Name;
}
