using Bychefiza.Messaging;
using Bychefiza.Messaging.Broker;
using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.DeadLetters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bychefiza.Tests.Support;

/// <summary>
/// An event only the probe consumes: it fails on request, so retries and dead letters can be watched,
/// and it can say it is none of the probe's business (<see cref="IEventHandler{TEvent}.Wants"/>).
/// </summary>
public sealed record ProbeRequested(bool Fail, bool Unwanted = false) : IntegrationEvent;

public sealed class ProbeEffect
{
    public Guid Id { get; set; }

    public Guid EventId { get; set; }
}

public sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : DbContext(options)
{
    public DbSet<ProbeEffect> Effects => Set<ProbeEffect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddInbox();
}

/// <summary>Whether the probe still fails the events that ask it to: healing it is "deploying the fix" before a replay.</summary>
public sealed class ProbeFaults
{
    private volatile bool _healed;

    public bool Healed => _healed;

    public void Heal() => _healed = true;
}

public sealed class ProbeHandler(ProbeDbContext db, ProbeFaults faults) : IEventHandler<ProbeRequested>
{
    public bool Wants(ProbeRequested integrationEvent) => !integrationEvent.Unwanted;

    public Task HandleAsync(ProbeRequested integrationEvent, CancellationToken cancellationToken)
    {
        db.Effects.Add(new ProbeEffect { Id = Guid.NewGuid(), EventId = integrationEvent.Id });
        return integrationEvent.Fail && !faults.Healed ? throw new InvalidOperationException("The probe was asked to fail.") : Task.CompletedTask;
    }
}

/// <summary>
/// A consumer service of its own, hosted in the test process against the test graph's broker and a
/// database of its own on the graph's PostgreSQL: the library exactly as a service would use it.
/// </summary>
public sealed class ProbeConsumer : IAsyncDisposable
{
    /// <summary>Short delays, so a message reaches the dead-letter queue within a second: 3 attempts.</summary>
    public static readonly RetrySchedule Retries = new([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)]);

    private readonly IHost _host;

    private ProbeConsumer(IHost host, string service)
    {
        _host = host;
        Service = service;
    }

    public string Service { get; }

    /// <summary>The probe's dead-letter queue as its admin endpoints see it.</summary>
    public DeadLetterQueue DeadLetters => _host.Services.GetRequiredService<DeadLetterQueue>();

    /// <summary>From now on the probe applies every event, failing ones included.</summary>
    public void Heal() => _host.Services.GetRequiredService<ProbeFaults>().Heal();

    public static async Task<ProbeConsumer> StartAsync(TestGraph graph, CancellationToken cancellationToken)
    {
        var service = $"probe-{Guid.NewGuid():N}"[..14];
        var database = await CreateDatabaseAsync(graph, service.Replace('-', '_'), cancellationToken);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = await graph.App.GetConnectionStringAsync("rabbitmq", cancellationToken),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<ProbeDbContext>(options => options.UseNpgsql(database));
        builder.Services.AddSingleton<ProbeFaults>();
        builder.AddEventBus(service, options => options.Retries = Retries)
            .AddConsumer<ProbeRequested, ProbeHandler, ProbeDbContext>();

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProbeDbContext>().Database.EnsureCreatedAsync(cancellationToken);
        }
        await host.StartAsync(cancellationToken);
        return new ProbeConsumer(host, service);
    }

    public async Task<(int Effects, int InboxRows)> RecordedForAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
        var effects = await db.Effects.CountAsync(e => e.EventId == eventId, cancellationToken);
        var inbox = await db.Set<Messaging.Inbox.InboxMessage>().CountAsync(m => m.EventId == eventId, cancellationToken);
        return (effects, inbox);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static async Task<string> CreateDatabaseAsync(TestGraph graph, string name, CancellationToken cancellationToken)
    {
        var server = await graph.App.GetConnectionStringAsync("postgres", cancellationToken);
        // Unpooled: a test restarts PostgreSQL, and a pooled connection from before would fail here.
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
