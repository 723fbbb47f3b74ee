using System.Data.Common;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>How a service's pooled PostgreSQL connections are used, unless its connection string says otherwise.</summary>
public static class PooledConnections
{
    /// <summary>Statements prepared on the server, after this many uses on one connection, and kept per connection.</summary>
    public const int MaxAutoPrepare = 64;

    /// <summary>
    /// Two settings for a service that runs the same few statements all day:
    /// <list type="bullet">
    /// <item>Auto-preparation: PostgreSQL parses and plans each statement once per connection, not on every call.</item>
    /// <item>No reset when a connection goes back to the pool. The reset (<c>DISCARD ALL</c>) was one statement more
    /// for every connection EF Core opens, and it would drop the prepared statements. Our code keeps no
    /// session state: its locks end with their transaction, the migration lock is released by name, and
    /// Npgsql still rolls back a transaction left open.</item>
    /// </list>
    /// And, when <paramref name="maxPoolSize"/> is given (<c>Database:MaxPoolSize</c>), at most that many connections
    /// in the pool: a deployment's replicas share the server's <c>max_connections</c> (docs/operations.md).
    /// </summary>
    public static string? Tune(string? connectionString, int? maxPoolSize = null)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString;
        }
        // The keys as written ("Max Auto Prepare" and "MaxAutoPrepare" are one setting to Npgsql).
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(key => key.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains(nameof(tuned.MaxAutoPrepare)))
        {
            tuned.MaxAutoPrepare = MaxAutoPrepare;
        }
        if (!given.Contains(nameof(tuned.NoResetOnClose)))
        {
            tuned.NoResetOnClose = true;
        }
        if (maxPoolSize is { } max && !given.Contains(nameof(tuned.MaxPoolSize)) && !given.Contains("MaximumPoolSize"))
        {
            tuned.MaxPoolSize = max;
        }
        return tuned.ConnectionString;
    }
}
