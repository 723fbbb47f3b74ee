using Aspire.Hosting;
using Bychefiza.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bychefiza.Tests.Unit;

/// <summary>The AppHost's readiness checks keep asking for a few seconds before they say "not yet".</summary>
public sealed class ReadinessCheckTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_server_that_answers_during_the_check_is_healthy_at_once()
    {
        var asked = 0;
        var check = CheckOf(_ => ++asked < 3 ? throw new HttpRequestException("connection refused") : Task.CompletedTask);

        var report = await check(Cancellation);

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(3, asked); // two refusals, then the answer, within the same check
    }

    [Fact]
    public async Task A_server_that_never_answers_is_unhealthy_with_its_last_failure()
    {
        var asked = 0;
        var check = CheckOf(_ =>
        {
            asked++;
            throw new HttpRequestException("connection refused");
        });

        var report = await check(Cancellation);

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("connection refused", entry.Description, StringComparison.Ordinal);
        Assert.InRange(asked, 5, 10); // every half second for about 4 s
    }

    /// <summary>A check declared the AppHost's way, run by the health check service Aspire polls.</summary>
    private static Func<CancellationToken, Task<HealthReport>> CheckOf(Func<CancellationToken, Task> probe)
    {
        var builder = DistributedApplication.CreateBuilder();
        builder.AddParameter("server", "unused").WithReadinessCheck(probe);
        var services = builder.Services.BuildServiceProvider();
        var health = services.GetRequiredService<HealthCheckService>();
        return cancellationToken => health.CheckHealthAsync(registration => registration.Name == "server_ready", cancellationToken);
    }
}
