using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>One full graph for every test of the collection; tests make their own data in it.</summary>
public sealed class GraphFixture : IAsyncLifetime
{
    private TestGraph? _graph;

    public TestGraph Graph => _graph ?? throw new InvalidOperationException("The graph has not started.");

    public async ValueTask InitializeAsync() => _graph = await TestGraph.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GraphCollection : ICollectionFixture<GraphFixture>
{
    public const string Name = "Full graph";
}
