using Bychefiza.Tests.Integration;
using StackExchange.Redis;

namespace Bychefiza.Tests.Support;

/// <summary>A test's own connections to the graph's Redis, each with the client name given, all closed with the test.</summary>
public sealed class GraphRedis(GraphFixture fixture) : IAsyncDisposable
{
    private readonly List<IConnectionMultiplexer> _connections = [];

    public async Task<IConnectionMultiplexer> ConnectAsync(string? clientName = null, bool allowAdmin = false)
    {
        var options = ConfigurationOptions.Parse((await fixture.Graph.App.GetConnectionStringAsync("redis", TestContext.Current.CancellationToken))!);
        options.ClientName = clientName;
        options.AllowAdmin = allowAdmin;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        _connections.Add(connection);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
