using Bychefiza.AppHost.Infrastructure.Processes;

namespace Bychefiza.AppHost.Infrastructure;

public static class InfrastructureExtensions
{
    /// <summary>PostgreSQL, Redis and RabbitMQ as containers or as local processes, by <c>Infrastructure:Mode</c>.</summary>
    public static IInfrastructure AddInfrastructure(this IDistributedApplicationBuilder builder) =>
        InfrastructureModeResolver.Resolve(builder) switch
        {
            InfrastructureMode.Containers => new ContainerInfrastructure(builder),
            _ => new ProcessInfrastructure(builder),
        };
}
