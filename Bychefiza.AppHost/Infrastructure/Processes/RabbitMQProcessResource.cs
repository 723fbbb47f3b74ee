namespace Bychefiza.AppHost.Infrastructure.Processes;

/// <summary>A RabbitMQ broker run from the Debian package, with its own epmd, node name and state.</summary>
public sealed class RabbitMQProcessResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    internal const string UserName = "bychefiza";

    private EndpointReference? _endpoint;

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference Endpoint => _endpoint ??= new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{PasswordParameter}@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}");
}
