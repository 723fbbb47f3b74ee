using Aspire.Hosting;
using Bychefiza.AppHost.Infrastructure.Processes;

namespace Bychefiza.Tests.Unit;

public sealed class BinariesTests
{
    [Fact]
    public void Missing_postgres_names_the_binary_and_the_setup_command()
    {
        var empty = Directory.CreateTempSubdirectory("no-postgres-").FullName;

        var error = Assert.Throws<DistributedApplicationException>(() => Binaries.PostgresBin(empty));

        Assert.Contains("PostgreSQL (postgres, initdb)", error.Message, StringComparison.Ordinal);
        Assert.Contains("./bychefiza setup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_installed_postgres_is_chosen()
    {
        var root = Directory.CreateTempSubdirectory("postgres-").FullName;
        foreach (var version in new[] { "9", "15", "13" })
        {
            var bin = Directory.CreateDirectory(Path.Combine(root, version, "bin")).FullName;
            File.WriteAllText(Path.Combine(bin, "postgres"), "");
            File.WriteAllText(Path.Combine(bin, "initdb"), "");
        }
        Directory.CreateDirectory(Path.Combine(root, "16", "bin")); // a leftover folder without binaries

        Assert.Equal(Path.Combine(root, "15", "bin"), Binaries.PostgresBin(root));
    }
}
