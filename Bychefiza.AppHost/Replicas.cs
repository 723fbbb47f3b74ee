using Microsoft.Extensions.Configuration;

namespace Bychefiza.AppHost;

/// <summary>
/// The local processes of one service. Aspire's <c>WithReplicas</c> hides its replicas behind one
/// proxied port, so the gateway could neither spread requests over them nor stop sending to one that
/// fails. Here each extra replica is a project resource of its own (<c>products-2</c>, …) and every
/// consumer's service discovery lists all of them (<c>services__products__http__0</c>, <c>__1</c>, …),
/// the way a Kubernetes Service lists its pods' endpoints.
/// </summary>
internal sealed class ReplicatedProject(IReadOnlyList<IResourceBuilder<ProjectResource>> replicas)
{
    /// <summary>The replica that carries the service's own name; the one others wait for.</summary>
    public IResourceBuilder<ProjectResource> First => replicas[0];

    public IReadOnlyList<IResourceBuilder<ProjectResource>> Replicas => replicas;

    /// <summary>Declares the same references, settings and checks on every replica.</summary>
    public ReplicatedProject With(Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> declare)
    {
        foreach (var replica in replicas)
        {
            declare(replica);
        }
        return this;
    }
}

internal static class ReplicaExtensions
{
    /// <summary>
    /// Adds <paramref name="name"/> as <c>Replicas:{name}</c> local processes (1 unless configured,
    /// e.g. <c>./bychefiza up --Replicas:products=2</c>). A deployment scales pods instead, so the
    /// manifest always has one resource per service.
    /// </summary>
    public static ReplicatedProject AddReplicatedProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var count = builder.ExecutionContext.IsRunMode ? Math.Max(1, builder.Configuration.GetValue($"Replicas:{name}", 1)) : 1;
        var replicas = new List<IResourceBuilder<ProjectResource>> { builder.AddProject<TProject>(name) };
        for (var number = 2; number <= count; number++)
        {
            // The launch profile's fixed port belongs to the first replica; the others take free ones.
            replicas.Add(builder.AddProject<TProject>($"{name}-{number}")
                .WithEndpoint("http", endpoint => endpoint.Port = null, createIfNotExists: false));
        }
        return new ReplicatedProject(replicas);
    }

    /// <summary>Lets <paramref name="consumer"/> reach every replica of <paramref name="service"/> by the service's name.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> consumer, ReplicatedProject service)
    {
        consumer.WithReference(service.First);
        var name = service.First.Resource.Name;
        for (var index = 1; index < service.Replicas.Count; index++)
        {
            consumer.WithEnvironment($"services__{name}__http__{index}", service.Replicas[index].GetEndpoint("http"));
        }
        return consumer;
    }
}
