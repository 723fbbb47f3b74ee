using System.Diagnostics;
using Bychefiza.Bench.Graph;

namespace Bychefiza.Bench.Soak;

/// <summary>One fault the soak injects: what it does to the graph, and what it is called in the report.</summary>
internal sealed record Fault(string Name, string Resource, bool Kill);

/// <summary>
/// Faults in turn, one at a time, each held for a while and then undone (the resource started again
/// and the whole graph healthy) before the next. Servers and services are killed (SIGKILL, their
/// whole process tree, as a crash would); RabbitMQ is stopped the way an operator restarts it.
/// </summary>
internal sealed class FaultSchedule(BenchGraph graph, TimeSpan gap, TimeSpan hold)
{
    public static readonly IReadOnlyList<Fault> Cycle =
    [
        new("RabbitMQ restarted", "rabbitmq", Kill: false),
        new("PostgreSQL killed and restarted", "postgres", Kill: true),
        new("payments process killed and restarted", "payments", Kill: true),
        new("Redis killed and restarted", "redis", Kill: true),
        new("orders process killed and restarted", "orders", Kill: true),
    ];

    private readonly List<(Fault Fault, TimeSpan At, TimeSpan Recovered)> _injected = [];

    public IReadOnlyList<(Fault Fault, TimeSpan At, TimeSpan Recovered)> Injected => _injected;

    /// <summary>Injects faults until <paramref name="until"/>; the one under way when time runs out is undone first.</summary>
    public async Task RunAsync(Stopwatch clock, TimeSpan until)
    {
        for (var next = 0; clock.Elapsed + gap + hold < until; next++)
        {
            await Task.Delay(gap);
            var fault = Cycle[next % Cycle.Count];
            var at = clock.Elapsed;
            Console.WriteLine($"  {at:mm\\:ss} fault: {fault.Name}");
            if (fault.Kill)
            {
                await KillAsync(fault.Resource);
            }
            else
            {
                await CommandAsync(fault.Resource, KnownResourceCommands.StopCommand);
            }
            await Task.Delay(hold);
            await CommandAsync(fault.Resource, KnownResourceCommands.StartCommand);
            using var healthy = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await graph.WaitUntilAllHealthyAsync(healthy.Token);
            _injected.Add((fault, at, clock.Elapsed - at));
            Console.WriteLine($"  {clock.Elapsed:mm\\:ss} recovered: every resource healthy after {(clock.Elapsed - at).TotalSeconds:F0} s");
        }
    }

    private async Task KillAsync(string resource)
    {
        using (var process = Process.GetProcessById(graph.ProcessId(resource)))
        {
            process.Kill(entireProcessTree: true);
        }
        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await graph.App.ResourceNotifications.WaitForResourceAsync(
            resource, e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart", exited.Token);
    }

    private async Task CommandAsync(string resource, string command)
    {
        var result = await graph.App.ResourceCommands.ExecuteCommandAsync(resource, command, CancellationToken.None);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} {resource} failed: {result.Message}");
        }
    }
}
