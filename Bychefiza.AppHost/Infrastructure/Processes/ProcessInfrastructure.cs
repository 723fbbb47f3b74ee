using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bychefiza.AppHost.Infrastructure.Processes;

/// <summary>
/// PostgreSQL, Redis and RabbitMQ as local processes of the Debian binaries, for machines without a
/// container runtime. Ports are loopback-only and fixed for the run; data lives in the run's state
/// folder; stopping the AppHost stops every process of the run.
/// </summary>
internal sealed class ProcessInfrastructure : IInfrastructure
{
    private readonly IDistributedApplicationBuilder _builder;
    private readonly ProcessRun _run;

    public ProcessInfrastructure(IDistributedApplicationBuilder builder)
    {
        _builder = builder;
        _run = ProcessRun.Create(builder);

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            MarkEveryProcess(@event.Model);
            return Task.CompletedTask;
        });
        builder.Services.AddSingleton(_run);
        builder.Services.AddHostedService<RunCleanup>();
    }

    public InfrastructureMode Mode => InfrastructureMode.Processes;

    public IDatabaseServer AddPostgres(string name)
    {
        var bin = Binaries.PostgresBin();
        var server = AddServer(name, (password, folder) => new PostgresProcessResource(name, "bash", folder, password), "postgres.sh", "PGPORT", "POSTGRES_PASSWORD",
                ProcessHealthChecks.PostgresAnswers)
            .WithArgs([.. PostgresSettings.ServerArguments])
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["PG_BIN"] = bin;
                context.EnvironmentVariables["PGDATA"] = _run.Folder(Path.Combine("postgres", "data"));
            });
        return new ProcessDatabaseServer(server);
    }

    public IResourceBuilder<IResourceWithConnectionString> AddRedis(string name)
    {
        Binaries.RequireRedis();
        return AddServer(name, (password, folder) => new RedisProcessResource(name, "bash", folder, password), "redis.sh", "REDIS_PORT", "REDIS_PASSWORD",
                ProcessHealthChecks.RedisAnswers)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["REDIS_STATE"] = _run.Folder("redis");
            });
    }

    public IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(string name)
    {
        Binaries.RequireRabbitMQ();
        // Erlang distribution and epmd need ports of their own; the defaults (25672, 4369) would meet
        // any broker already on the machine, and port + 20000 can exceed 65535.
        var distributionPort = _run.AllocatePort();
        var epmdPort = _run.AllocatePort();

        return AddServer(name, (password, folder) => new RabbitMQProcessResource(name, "bash", folder, password), "rabbitmq.sh", "RABBITMQ_NODE_PORT", "RABBITMQ_PASSWORD",
                ProcessHealthChecks.RabbitMQAnswers)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["RABBITMQ_STATE"] = _run.Folder("rabbitmq");
                context.EnvironmentVariables["RABBITMQ_DIST_PORT"] = distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.EnvironmentVariables["ERL_EPMD_PORT"] = epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.EnvironmentVariables["RABBITMQ_USER"] = RabbitMQProcessResource.UserName;
            });
    }

    public IResourceBuilder<IResourceWithEndpoints> AddPrometheus(string name, string configFolder)
    {
        Binaries.RequirePrometheus();
        var port = _run.AllocatePort();
        return _builder.AddExecutable(name, "sh", _run.StateFolder, Path.Combine(configFolder, "prometheus.sh"))
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", env: "PROMETHEUS_PORT", isProxied: false)
            .WithEnvironment("PROMETHEUS_STATE", _run.Folder(name))
            .WithEnvironment("PROMETHEUS_CONFIG", configFolder)
            .WithHttpHealthCheck("/-/ready");
    }

    /// <summary>
    /// A server started by its wrapper script, which reads its port and password from
    /// <paramref name="portVariable"/> and <paramref name="passwordVariable"/>; the port is fixed for
    /// the run, and the server is healthy once <paramref name="probe"/> succeeds.
    /// </summary>
    private IResourceBuilder<T> AddServer<T>(
        string name,
        Func<ParameterResource, string, T> create,
        string script,
        string portVariable,
        string passwordVariable,
        Func<string, CancellationToken, Task> probe) where T : LocalServerResource
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(_builder, $"{name}-password", special: false);
        var port = _run.AllocatePort();

        return _builder.AddResource(create(password, _run.StateFolder))
            .WithArgs(_run.Script(script))
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: LocalServerResource.EndpointName, env: portVariable, isProxied: false)
            .WithEnvironment(passwordVariable, password)
            .WithProcessHealthCheck(probe);
    }

    private void MarkEveryProcess(DistributedApplicationModel model)
    {
        foreach (var resource in model.Resources.Where(r => r is ExecutableResource or ProjectResource))
        {
            resource.Annotations.Add(new EnvironmentCallbackAnnotation(variables =>
            {
                variables[ProcessRun.RunVariable] = _run.Id;
                variables[ProcessRun.OwnerVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }));
        }
    }

    private sealed class ProcessDatabaseServer : IDatabaseServer
    {
        private readonly IResourceBuilder<PostgresProcessResource> _server;
        private readonly List<PostgresProcessDatabaseResource> _databases = [];

        public ProcessDatabaseServer(IResourceBuilder<PostgresProcessResource> server)
        {
            _server = server;
            server.OnResourceReady(async (resource, @event, cancellationToken) =>
            {
                await PostgresDatabases.CreateMissingAsync(resource, _databases.Select(d => d.DatabaseName), cancellationToken);
                // A database is a resource of its own in the dashboard; it runs once it exists, and its
                // health check then tells whether it answers.
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                foreach (var database in _databases)
                {
                    await notifications.PublishUpdateAsync(database, state => state with { State = KnownResourceStates.Running });
                }
            });
        }

        public IResourceBuilder<IResourceWithConnectionString> Server => _server;

        public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name)
        {
            var database = new PostgresProcessDatabaseResource(name, _server.Resource);
            _databases.Add(database);
            return _server.ApplicationBuilder.AddResource(database)
                .WithInitialState(new CustomResourceSnapshot
                {
                    ResourceType = "PostgresDatabase",
                    State = KnownResourceStates.Waiting,
                    Properties = [new(CustomResourceKnownProperties.Source, _server.Resource.Name)],
                })
                .WithProcessHealthCheck(ProcessHealthChecks.PostgresAnswers);
        }
    }

    /// <summary>
    /// Whatever the orchestrator did not stop (a daemonized epmd, the child of a killed wrapper) ends
    /// with the AppHost: when it stops, and when it is disposed after a start that never finished.
    /// </summary>
    private sealed class RunCleanup(ProcessRun run, IHostApplicationLifetime lifetime, ILogger<RunCleanup> logger) : IHostedService, IDisposable
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStopped.Register(Clean);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() => Clean();

        private void Clean()
        {
            var killed = RunProcesses.StopAndRemove(run.Id, run.StateFolder, TimeSpan.FromSeconds(10));
            if (killed.Count > 0)
            {
                logger.LogWarning("Killed processes of run {Run} that did not stop within 10 s: {Processes}", run.Id, string.Join(", ", killed.Select(p => p.ToString())));
            }
        }
    }
}
