namespace Bychefiza.AppHost.Infrastructure.Processes;

/// <summary>One service's database on a <see cref="PostgresProcessResource"/>; the AppHost creates it when the server is ready.</summary>
public sealed class PostgresProcessDatabaseResource(string name, PostgresProcessResource parent)
    : Resource(name), IResourceWithParent<PostgresProcessResource>, IResourceWithConnectionString
{
    public PostgresProcessResource Parent { get; } = parent;

    public string DatabaseName => Name;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
