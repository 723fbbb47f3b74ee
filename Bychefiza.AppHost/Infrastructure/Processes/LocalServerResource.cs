namespace Bychefiza.AppHost.Infrastructure.Processes;

/// <summary>
/// A server run from a Debian binary by its wrapper script: one loopback TCP endpoint, one generated
/// password, and a connection string in the format the service's Aspire client integration reads.
/// </summary>
public abstract class LocalServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    private EndpointReference? _endpoint;

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference Endpoint => _endpoint ??= new(this, EndpointName);

    public abstract ReferenceExpression ConnectionStringExpression { get; }
}

/// <summary>A PostgreSQL server, reachable on loopback with a password.</summary>
public sealed class PostgresProcessResource(string name, string command, string workingDirectory, ParameterResource password)
    : LocalServerResource(name, command, workingDirectory, password)
{
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={PasswordParameter}");
}

/// <summary>A Redis server, password-protected, nothing persisted.</summary>
public sealed class RedisProcessResource(string name, string command, string workingDirectory, ParameterResource password)
    : LocalServerResource(name, command, workingDirectory, password)
{
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"127.0.0.1:{Endpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}

/// <summary>A RabbitMQ broker with its own epmd, node name and state.</summary>
public sealed class RabbitMQProcessResource(string name, string command, string workingDirectory, ParameterResource password)
    : LocalServerResource(name, command, workingDirectory, password)
{
    internal const string UserName = "bychefiza";

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{PasswordParameter}@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}");
}
