using Aspire.Hosting;
using Bychefiza.AppHost.Infrastructure;

namespace Bychefiza.Tests.Unit;

public sealed class InfrastructureModeTests
{
    [Theory]
    [InlineData("processes", InfrastructureMode.Processes)]
    [InlineData("Containers", InfrastructureMode.Containers)]
    public void Configured_mode_is_used_as_given(string configured, InfrastructureMode expected)
    {
        var builder = DistributedApplication.CreateBuilder([$"--Infrastructure:Mode={configured}"]);

        Assert.Equal(expected, InfrastructureModeResolver.Resolve(builder));
    }

    [Fact]
    public void Publishing_always_describes_containers()
    {
        var builder = DistributedApplication.CreateBuilder(["--publisher", "manifest", "--output-path", Path.GetTempFileName(), "--Infrastructure:Mode=processes"]);

        Assert.Equal(InfrastructureMode.Containers, InfrastructureModeResolver.Resolve(builder));
    }

    [Fact]
    public void Auto_picks_processes_when_no_container_engine_answers()
    {
        // On this machine and in CI `docker` is a client without an engine.
        var builder = DistributedApplication.CreateBuilder(["--Infrastructure:Mode=auto"]);

        Assert.Equal(InfrastructureMode.Processes, InfrastructureModeResolver.Resolve(builder));
    }

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("7")]
    public void An_unknown_mode_is_refused_with_the_accepted_values(string configured)
    {
        var builder = DistributedApplication.CreateBuilder([$"--Infrastructure:Mode={configured}"]);

        var error = Assert.Throws<DistributedApplicationException>(() => InfrastructureModeResolver.Resolve(builder));
        Assert.Contains("auto, containers or processes", error.Message, StringComparison.Ordinal);
    }
}
