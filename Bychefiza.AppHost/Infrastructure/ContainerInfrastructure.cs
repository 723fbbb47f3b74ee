namespace Bychefiza.AppHost.Infrastructure;

/// <summary>The stock Aspire container resources, with data volumes, as Aspire intends.</summary>
internal sealed class ContainerInfrastructure(IDistributedApplicationBuilder builder) : IInfrastructure
{
    public InfrastructureMode Mode => InfrastructureMode.Containers;

    public IDatabaseServer AddPostgres(string name) =>
        new ContainerDatabaseServer(builder.AddPostgres(name).WithDataVolume($"bychefiza-{name}-data").WithArgs([.. PostgresSettings.ServerArguments]));

    public IResourceBuilder<IResourceWithConnectionString> AddRedis(string name) => builder.AddRedis(name);

    public IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(string name) =>
        builder.AddRabbitMQ(name).WithDataVolume($"bychefiza-{name}-data");

    public IResourceBuilder<IResourceWithEndpoints> AddPrometheus(string name, string configFolder) =>
        builder.AddContainer(name, "prom/prometheus", "v2.53.4")
            .WithBindMount(configFolder, "/etc/bychefiza", isReadOnly: true)
            .WithVolume($"bychefiza-{name}-data", "/prometheus")
            .WithEntrypoint("/bin/sh")
            .WithArgs("/etc/bychefiza/prometheus.sh")
            .WithEnvironment("PROMETHEUS_STATE", "/prometheus")
            .WithEnvironment("PROMETHEUS_CONFIG", "/etc/bychefiza")
            .WithEnvironment("PROMETHEUS_LISTEN", "0.0.0.0")
            .WithHttpEndpoint(targetPort: 9090, name: "http", env: "PROMETHEUS_PORT")
            .WithHttpHealthCheck("/-/ready");

    private sealed class ContainerDatabaseServer(IResourceBuilder<PostgresServerResource> server) : IDatabaseServer
    {
        public IResourceBuilder<IResourceWithConnectionString> Server => server;

        public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name) => server.AddDatabase(name);
    }
}
