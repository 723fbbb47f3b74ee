using Bychefiza.Deploy.Chart;

namespace Bychefiza.Tests.Deploy;

public sealed class CommittedChartTests
{
    [Fact]
    public void Committed_chart_is_what_the_generator_makes_of_the_committed_manifest()
    {
        var committed = ChartFolder.Read(GeneratedChart.ChartFolder);
        var fresh = GeneratedChart.Generate();

        Assert.True(committed.Keys.SequenceEqual(fresh.Keys),
            $"deploy/helm/bychefiza has other files than the generator writes: run './bychefiza publish' and commit the result.\n" +
            $"only committed: {string.Join(", ", committed.Keys.Except(fresh.Keys))}\nonly generated: {string.Join(", ", fresh.Keys.Except(committed.Keys))}");
        foreach (var (path, content) in fresh)
        {
            Assert.True(committed[path] == content, $"deploy/helm/bychefiza/{path} is out of date: run './bychefiza publish' and commit the result.");
        }
    }
}
