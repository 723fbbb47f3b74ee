namespace Bychefiza.AppHost.Infrastructure;

/// <summary>The PostgreSQL server's settings, the same in processes mode, in containers and so in the chart.</summary>
internal static class PostgresSettings
{
    /// <summary>
    /// Five services share the server, and each of their processes keeps a pool of up to
    /// <c>Database:MaxPoolSize</c> connections (Npgsql's 100 unless set). Under the checkout bench one
    /// process of each held up to 142 in all (orders 78), more than the server's default of 100.
    /// docs/operations.md gives the budget for a deployment.
    /// </summary>
    public const int MaxConnections = 300;

    /// <summary>Command-line settings for <c>postgres</c> (the image's entrypoint passes them on).</summary>
    public static IReadOnlyList<string> ServerArguments { get; } = ["-c", $"max_connections={MaxConnections}"];
}
