using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>
/// The AppHost's Prometheus (the Debian binary in processes mode) scrapes every service process, has
/// the shop's own metrics once there are orders, and knows every metric the Grafana dashboard queries.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed partial class PrometheusTests(GraphFixture fixture)
{
    private static readonly string[] ServiceProcesses = ["auth", "users", "products", "products-2", "orders", "payments", "gateway", "gateway-2", "web"];

    private static readonly TimeSpan Scraped = TimeSpan.FromSeconds(45);

    private TestGraph Graph => fixture.Graph;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_scrapes_every_service_process()
    {
        using var prometheus = Graph.Client("prometheus");

        var up = await Poll.UntilAsync(() => QueryAsync(prometheus, "up{job=\"bychefiza\"}"),
            result => ServiceProcesses.All(instance => result.Any(sample => sample.Labels.GetValueOrDefault("instance") == instance && sample.Value == 1)),
            Scraped, "every service process up");

        Assert.Equal(ServiceProcesses.Order(), up.Select(sample => sample.Labels["instance"]).Order());
        Assert.Contains(up, sample => sample.Labels["instance"] == "products-2" && sample.Labels["service"] == "products");
    }

    [Fact]
    public async Task An_order_shows_in_prometheus_as_orders_created_total()
    {
        using var prometheus = Graph.Client("prometheus");
        using var gateway = Graph.Client("gateway");
        var before = await CreatedAsync(prometheus);

        await PaidOrderAsync(gateway);

        var after = await Poll.UntilAsync(() => CreatedAsync(prometheus), created => created > before, Scraped, "the order counted by Prometheus");
        Assert.True(after >= before + 1);
    }

    [Fact]
    public async Task Every_metric_the_grafana_dashboard_queries_is_in_prometheus()
    {
        using var prometheus = Graph.Client("prometheus");
        using var gateway = Graph.Client("gateway");
        // Revenue and paid orders exist only once an order has been paid.
        await PaidOrderAsync(gateway);
        var wanted = DashboardMetrics().ToHashSet();
        Assert.Contains("bychefiza_orders_created_total", wanted);

        var known = await Poll.UntilAsync(() => MetricNamesAsync(prometheus), names => wanted.IsSubsetOf(names), Scraped,
            $"every metric of the dashboard in Prometheus ({string.Join(", ", wanted)})");

        Assert.Subset(known, wanted);
    }

    /// <summary>The metric names in every panel's expressions of deploy/observability/grafana/*.json.</summary>
    internal static IEnumerable<string> DashboardMetrics()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "deploy", "observability", "grafana"), "*.json"))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var expression in Expressions(dashboard.RootElement))
            {
                foreach (var name in MetricNames(expression))
                {
                    yield return name;
                }
            }
        }
    }

    private static IEnumerable<string> Expressions(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return property.Value.GetString()!;
                }
                foreach (var nested in Expressions(property.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(Expressions))
            {
                yield return nested;
            }
        }
    }

    /// <summary>
    /// The identifiers of a PromQL expression that name series: not functions, keywords, label names
    /// (inside braces or after by/without), durations or Grafana variables.
    /// </summary>
    internal static IEnumerable<string> MetricNames(string expression)
    {
        var stripped = Braces().Replace(expression, "");
        stripped = Grouping().Replace(stripped, "");
        stripped = RangesAndVariables().Replace(stripped, "");
        return Identifier().Matches(stripped)
            .Where(match => !stripped[(match.Index + match.Length)..].TrimStart().StartsWith('('))
            .Select(match => match.Value)
            .Where(name => !Keywords.Contains(name))
            .Distinct();
    }

    private static readonly HashSet<string> Keywords = ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"];

    [GeneratedRegex("\"[^\"]*\"|\\{[^}]*\\}")]
    private static partial Regex Braces();

    [GeneratedRegex("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)")]
    private static partial Regex Grouping();

    [GeneratedRegex("\\[[^\\]]*\\]|\\$\\{?[A-Za-z_]+\\}?")]
    private static partial Regex RangesAndVariables();

    [GeneratedRegex("(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();

    private async Task PaidOrderAsync(HttpClient gateway)
    {
        var shopper = await Checkout.ShopperAsync(gateway);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 3, price: 11m);
        var placed = await Shop.OrderAsync(gateway, shopper.AccessToken, "tok_visa", (product, 1));
        await Shop.UntilStatusAsync(gateway, shopper.AccessToken, placed.Id, "Paid");
    }

    private static async Task<double> CreatedAsync(HttpClient prometheus) =>
        (await QueryAsync(prometheus, "sum(bychefiza_orders_created_total)")).Sum(sample => sample.Value);

    private sealed record Sample(Dictionary<string, string> Labels, double Value);

    private static async Task<List<Sample>> QueryAsync(HttpClient prometheus, string query)
    {
        var answer = await prometheus.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(query)}", Cancellation);
        Assert.Equal("success", answer.GetProperty("status").GetString());
        return answer.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(series => new Sample(
                series.GetProperty("metric").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? ""),
                double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static async Task<HashSet<string>> MetricNamesAsync(HttpClient prometheus)
    {
        var answer = await prometheus.GetFromJsonAsync<JsonElement>("/api/v1/label/__name__/values", Cancellation);
        return answer.GetProperty("data").EnumerateArray().Select(name => name.GetString()!).ToHashSet();
    }
}
