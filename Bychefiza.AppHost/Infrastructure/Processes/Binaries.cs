namespace Bychefiza.AppHost.Infrastructure.Processes;

/// <summary>The Debian binaries processes mode runs, found once, with a clear error when one is missing.</summary>
internal static class Binaries
{
    public static string PostgresBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(folder => Path.Combine(folder, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : new Version())
                .FirstOrDefault() ?? throw Missing("PostgreSQL (postgres, initdb)", "/usr/lib/postgresql/<version>/bin")
            : throw Missing("PostgreSQL (postgres, initdb)", "/usr/lib/postgresql/<version>/bin");

    public static void RequireRedis() => Require("Redis (redis-server)", "/usr/bin/redis-server");

    public static void RequireRabbitMQ()
    {
        Require("RabbitMQ (rabbitmq-server)", "/usr/lib/rabbitmq/bin/rabbitmq-server");
        Require("Erlang's epmd", "/usr/bin/epmd");
    }

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
