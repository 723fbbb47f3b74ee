namespace Bychefiza.AppHost.Infrastructure;

/// <summary>
/// The shared infrastructure of the topology. Both implementations hand services the same
/// connection strings, so a service cannot tell containers from local processes.
/// </summary>
public interface IInfrastructure
{
    InfrastructureMode Mode { get; }

    IDatabaseServer AddPostgres(string name);

    IResourceBuilder<IResourceWithConnectionString> AddRedis(string name);

    IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(string name);

    /// <summary>
    /// Prometheus started by <c>prometheus.sh</c> of <paramref name="configFolder"/> (deploy/observability),
    /// with an <c>http</c> endpoint and healthy once it is ready.
    /// </summary>
    IResourceBuilder<IResourceWithEndpoints> AddPrometheus(string name, string configFolder);
}

public interface IDatabaseServer
{
    IResourceBuilder<IResourceWithConnectionString> Server { get; }

    IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name);
}
