using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Bychefiza.Tests.Unit;

public sealed class PooledConnectionsTests
{
    private const string Given = "Host=127.0.0.1;Port=5432;Username=postgres;Password=secret;Database=orderdb";

    [Fact]
    public void A_service_prepares_its_statements_and_hands_connections_back_without_a_reset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PooledConnections.Tune(Given));

        Assert.Equal(PooledConnections.MaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(("127.0.0.1", 5432, "orderdb", "secret"), (tuned.Host, tuned.Port, tuned.Database, tuned.Password));
    }

    [Theory]
    [InlineData("Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("MaxAutoPrepare=0;NoResetOnClose=false")]
    [InlineData("max auto prepare=0;no reset on close=false")]
    public void What_the_connection_string_says_is_kept(string settings)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PooledConnections.Tune($"{Given};{settings}"));

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
    }

    [Fact]
    public void The_pool_is_capped_only_when_a_cap_is_set()
    {
        Assert.Equal(100, new NpgsqlConnectionStringBuilder(PooledConnections.Tune(Given)).MaxPoolSize);
        Assert.Equal(12, new NpgsqlConnectionStringBuilder(PooledConnections.Tune(Given, maxPoolSize: 12)).MaxPoolSize);
    }

    [Theory]
    [InlineData("Maximum Pool Size=7")]
    [InlineData("MaxPoolSize=7")]
    public void A_pool_size_in_the_connection_string_wins_over_the_cap(string setting)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PooledConnections.Tune($"{Given};{setting}", maxPoolSize: 12));

        Assert.Equal(7, tuned.MaxPoolSize);
    }

    [Fact]
    public void No_connection_string_stays_none()
    {
        Assert.Null(PooledConnections.Tune(null));
        Assert.Equal("", PooledConnections.Tune(""));
    }
}
