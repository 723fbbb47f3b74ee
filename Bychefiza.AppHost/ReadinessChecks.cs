using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bychefiza.AppHost;

/// <summary>
/// Health checks that keep asking for a few seconds before they say "not yet". Aspire checks a
/// resource that is not healthy again 1, 2, 3, 4, then 5 s later, so a server that comes up just
/// after a check was seen seconds late, and everything that waits for it started that much later
/// (PostgreSQL was seen at 5.1 s instead of 3.6 s). A check that asks every half second sees it at once.
/// </summary>
internal static class ReadinessChecks
{
    private static readonly TimeSpan AskFor = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan AskEvery = TimeSpan.FromMilliseconds(500);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>Healthy once <paramref name="probe"/> succeeds; its last failure says why not.</summary>
    public static IResourceBuilder<T> WithReadinessCheck<T>(this IResourceBuilder<T> resource, Func<CancellationToken, Task> probe)
        where T : IResource
    {
        var key = $"{resource.Resource.Name}_ready";
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, _ => new PatientCheck(resource.Resource.Name, probe), failureStatus: null, tags: null, timeout: AskFor + TimeSpan.FromSeconds(3)));
        return resource.WithHealthCheck(key);
    }

    /// <summary>Healthy once <paramref name="path"/> on the resource's http endpoint answers with a success code.</summary>
    public static IResourceBuilder<T> WithHttpReadinessCheck<T>(this IResourceBuilder<T> resource, string path)
        where T : IResourceWithEndpoints
    {
        var endpoint = resource.GetEndpoint("http");
        return resource.WithReadinessCheck(async cancellationToken =>
        {
            using var response = await Http.GetAsync(new Uri(new Uri(endpoint.Url), path), cancellationToken);
            response.EnsureSuccessStatusCode();
        });
    }

    private sealed class PatientCheck(string name, Func<CancellationToken, Task> probe) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var deadline = DateTime.UtcNow + AskFor;
            while (true)
            {
                try
                {
                    await probe(cancellationToken);
                    return HealthCheckResult.Healthy();
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (DateTime.UtcNow + AskEvery > deadline)
                    {
                        return HealthCheckResult.Unhealthy($"{name} does not answer: {e.GetType().Name}: {e.Message}");
                    }
                }
                await Task.Delay(AskEvery, cancellationToken);
            }
        }
    }
}
