using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Bychefiza.Tests.Support;

/// <summary>A line a resource wrote to its console, with its JSON object when it is one.</summary>
public sealed record ResourceLogLine(string Resource, string Text)
{
    /// <summary>The line's JSON object; the orchestrator may put a timestamp before it.</summary>
    public JsonElement? Json
    {
        get
        {
            var start = Text.IndexOf('{', StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }
            try
            {
                using var document = JsonDocument.Parse(Text[start..]);
                return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public string? Field(string name) =>
        Json is { } json && json.TryGetProperty(name, out var value) ? value.ToString() : null;

    public string? Property(string name) =>
        Json is { } json && json.TryGetProperty("properties", out var properties) && properties.TryGetProperty(name, out var value) ? value.GetString() : null;
}

/// <summary>Everything the named resources write to their consoles from now until disposed, as Aspire's log view receives it.</summary>
public sealed class ResourceLogs : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watchers = [];

    public ConcurrentQueue<ResourceLogLine> Lines { get; } = new();

    public static ResourceLogs Watch(TestGraph graph, IEnumerable<string> resources)
    {
        var logs = new ResourceLogs();
        var service = graph.App.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var resource in resources)
        {
            // Logs are kept under the orchestrator's id of the resource (auth-x1y2z3), not its name.
            var id = graph.App.ResourceNotifications.TryGetCurrentState(resource, out var state) ? state.ResourceId : resource;
            logs._watchers.Add(Task.Run(async () =>
            {
                await foreach (var batch in service.WatchAsync(id).WithCancellation(logs._stop.Token))
                {
                    foreach (var line in batch)
                    {
                        logs.Lines.Enqueue(new ResourceLogLine(resource, line.Content));
                    }
                }
            }));
        }
        return logs;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_watchers);
        }
        catch (OperationCanceledException)
        {
            // how a watch ends
        }
        _stop.Dispose();
    }
}
