using Bychefiza.Tests.Integration;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Deploy;

/// <summary>
/// deploy/observability as Prometheus reads it: promtool (from the Debian package, which
/// <c>./bychefiza setup</c> installs) checks the scrape configuration and the alert rules, and runs
/// the rules' unit tests in alerts.test.yml.
/// </summary>
public sealed class ObservabilityConfigTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "deploy", "observability");

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var check = await PromtoolAsync("check", "rules", "alerts.yml");

        Assert.True(check.ExitCode == 0, $"promtool check rules failed: {check}");
        Assert.Contains("SUCCESS: 5 rules found", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_accepts_the_scrape_configuration()
    {
        var check = await PromtoolAsync("check", "config", "prometheus.yml");

        Assert.True(check.ExitCode == 0, $"promtool check config failed: {check}");
    }

    [Fact]
    public async Task The_alerts_fire_as_their_unit_tests_expect()
    {
        var test = await PromtoolAsync("test", "rules", "alerts.test.yml");

        Assert.True(test.ExitCode == 0, $"promtool test rules failed: {test}");
    }

    [Theory]
    [InlineData("sum by (service) (rate(http_server_request_duration_seconds_count{job=\"bychefiza\", http_response_status_code=~\"5..\"}[$__rate_interval]))", "http_server_request_duration_seconds_count")]
    [InlineData("histogram_quantile(0.95, sum by (service, le) (rate(http_server_request_duration_seconds_bucket[5m])))", "http_server_request_duration_seconds_bucket")]
    [InlineData("sum(increase(bychefiza_orders_created_total[1m])) / on() group_left sum(up)", "bychefiza_orders_created_total,up")]
    public void The_dashboard_check_reads_metric_names_out_of_promql(string expression, string names)
    {
        Assert.Equal(names.Split(','), PrometheusTests.MetricNames(expression));
    }

    private static Task<Command.Result> PromtoolAsync(params string[] arguments)
    {
        Assert.True(File.Exists("/usr/bin/promtool"), "promtool is missing: run ./bychefiza setup (Debian package prometheus).");
        return Command.RunAsync("/usr/bin/promtool", arguments.Select(argument => argument.EndsWith(".yml", StringComparison.Ordinal) ? Path.Combine(Folder, argument) : argument));
    }
}
