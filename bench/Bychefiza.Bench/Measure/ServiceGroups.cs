namespace Bychefiza.Bench.Measure;

/// <summary>Which part of the system a process belongs to, for the per-service CPU and memory columns.</summary>
public static class ServiceGroups
{
    /// <summary>Group names of our own services, in the order the report lists them.</summary>
    public static readonly string[] Services = ["gateway", "auth", "users", "products", "orders", "payments", "web"];

    public const string Launchers = "dotnet run (launchers)";

    /// <summary>The ceiling's featureless YARP, in front of the bare endpoint or of products.</summary>
    public const string BareProxy = "bare YARP";

    public static string Of(string name, string commandLine)
    {
        // A service's own process is named after its executable, e.g. "Bychefiza.Produ" (comm keeps 15 characters).
        foreach (var service in Services)
        {
            if (commandLine.Contains($"/Bychefiza.{char.ToUpperInvariant(service[0])}{service[1..]}/bin/", StringComparison.Ordinal)
                && !commandLine.StartsWith("dotnet run", StringComparison.Ordinal))
            {
                return service;
            }
        }
        if (commandLine.StartsWith("dotnet run", StringComparison.Ordinal))
        {
            return Launchers;
        }
        if (commandLine.Contains("Bychefiza.Bench ceiling", StringComparison.Ordinal))
        {
            return "ceiling endpoint";
        }
        if (commandLine.Contains("Bychefiza.Bench bare-proxy", StringComparison.Ordinal))
        {
            return BareProxy;
        }
        if (commandLine.Contains("Bychefiza.Bench run", StringComparison.Ordinal))
        {
            return "bench (driver)";
        }
        return name switch
        {
            "postgres" => "postgres",
            "redis-server" => "redis",
            "beam.smp" or "epmd" or "erl_child_setup" or "inet_gethost" or "erl" => "rabbitmq",
            "dcp" => "aspire dcp",
            "wrk" => "wrk (load)",
            _ => "other",
        };
    }
}
