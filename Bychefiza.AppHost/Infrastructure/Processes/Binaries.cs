namespace Bychefiza.AppHost.Infrastructure.Processes;

/// <summary>The Debian binaries processes mode runs, found once, with a clear error when one is missing.</summary>
internal static class Binaries
{
    public static string PostgresBin(string root = "/usr/lib/postgresql")
    {
        var newest = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root)
                .Select(folder => Path.Combine(folder, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb")))
                .MaxBy(bin => MajorVersion(Path.GetFileName(Path.GetDirectoryName(bin))))
            : null;
        return newest ?? throw Missing("PostgreSQL (postgres, initdb)", $"{root}/<version>/bin");
    }

    // Debian names the folders by major version: "15", or "9.6" before PostgreSQL 10.
    private static decimal MajorVersion(string? folder) =>
        decimal.TryParse(folder, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : 0;

    public static void RequireRedis() => Require("Redis (redis-server)", "/usr/bin/redis-server");

    public static void RequireRabbitMQ()
    {
        Require("RabbitMQ (rabbitmq-server)", "/usr/lib/rabbitmq/bin/rabbitmq-server");
        Require("Erlang's epmd", "/usr/bin/epmd");
    }

    public static void RequirePrometheus() => Require("Prometheus (prometheus)", "/usr/bin/prometheus");

    private static void Require(string what, string path)
    {
        if (!File.Exists(path))
        {
            throw Missing(what, path);
        }
    }

    private static DistributedApplicationException Missing(string what, string path) =>
        new($"Infrastructure mode 'processes' needs {what} at {path}, which is not installed. " +
            "Run './bychefiza setup' to install it, or set Infrastructure:Mode=containers where a container runtime answers.");
}
