namespace Bychefiza.AppHost;

/// <summary>
/// Runtime settings of our API services that only an environment variable can carry: runtimeconfig.json
/// (where <c>Directory.Build.targets</c> puts the others) has no key for them. They reach
/// <c>aspire-manifest.json</c> and the chart like any other variable, and the bench gives its ceiling pair
/// the same, so its ratios compare like with like.
/// </summary>
public static class RuntimeSettings
{
    /// <summary>
    /// A 32 MB gen0 budget, where the workstation GC picks about 17 MB on this machine. Under the checkout
    /// bench orders allocated 47 MB/s, collected 2.7 times a second (mostly gen1, as requests queued for
    /// hundreds of milliseconds kept their objects past a gen0 collection) and spent 10 % of its wall time
    /// in GC pauses; products 7.5 %. With 32 MB: orders 1.3 collections a second and 3.7 %, products 2.3 %. Each service holds
    /// up to the budget in garbage more (see docs/performance.md for the footprint).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Variables { get; } = new Dictionary<string, string>
    {
        ["DOTNET_GCgen0size"] = "0x2000000",
    };

    public static IResourceBuilder<ProjectResource> WithRuntimeSettings(this IResourceBuilder<ProjectResource> service)
    {
        foreach (var (name, value) in Variables)
        {
            service.WithEnvironment(name, value);
        }
        return service;
    }
}
