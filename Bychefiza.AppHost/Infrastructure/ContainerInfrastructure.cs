namespace Bychefiza.AppHost.Infrastructure;

/// <summary>The stock Aspire container resources, with data volumes, as Aspire intends.</summary>
internal sealed class ContainerInfrastructure(IDistributedApplicationBuilder builder) : IInfrastructure
{
    public InfrastructureMode Mode => InfrastructureMode.Containers;

    public IDatabaseServer AddPostgres(string name) =>
        new ContainerDatabaseServer(builder.AddPostgres(name).WithDataVolume($"bychefiza-{name}-data"));

    public IResourceBuilder<IResourceWithConnectionString> AddRedis(string name) => builder.AddRedis(name);

    public IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(string name) =>
        builder.AddRabbitMQ(name).WithDataVolume($"bychefiza-{name}-data");

    private sealed class ContainerDatabaseServer(IResourceBuilder<PostgresServerResource> server) : IDatabaseServer
    {
        public IResourceBuilder<IResourceWithConnectionString> Server => server;

        public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name) => server.AddDatabase(name);
    }
}
