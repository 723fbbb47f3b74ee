using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bychefiza.Tests.Integration;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.EndToEnd;

/// <summary>
/// The SPA's typed client (<c>ClientApp/src/api/types.ts</c>) checked against the OpenAPI documents the
/// services publish through the gateway: every property the SPA reads exists in the service's schema.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed partial class OpenApiContractTests(GraphFixture fixture)
{
    /// <summary>The SPA's interface → the service whose document describes it and the schema's name there.</summary>
    private static readonly Dictionary<string, (string Service, string Schema)> Contracts = new()
    {
        ["TokenPair"] = ("auth", "TokenPair"),
        ["Me"] = ("auth", "MeResponse"),
        ["Account"] = ("auth", "AccountSummary"),
        ["AccountStats"] = ("auth", "AccountStats"),
        ["AccountStatsBucket"] = ("auth", "AccountStatsBucket"),
        ["Product"] = ("products", "ProductView"),
        ["CategoryNode"] = ("products", "CategoryNode"),
        ["Promotion"] = ("products", "PromotionView"),
        ["PlacedOrder"] = ("orders", "PlacedOrder"),
        ["OrderSummary"] = ("orders", "OrderSummary"),
        ["OrderLine"] = ("orders", "OrderLineView"),
        ["StatusChange"] = ("orders", "StatusChangeView"),
        ["Order"] = ("orders", "OrderView"),
        ["OrderStats"] = ("orders", "OrderStats"),
        ["StatsBucket"] = ("orders", "StatsBucket"),
        ["CardToken"] = ("payments", "CardToken"),
        ["Payment"] = ("payments", "PaymentView"),
        ["Profile"] = ("users", "ProfileView"),
        ["Preferences"] = ("users", "PreferencesView"),
        ["Address"] = ("users", "AddressView"),
        ["Notification"] = ("users", "NotificationView"),
        ["NotificationPage"] = ("users", "NotificationPage"),
        ["Cart"] = ("users", "CartView"),
        ["CartLineView"] = ("users", "CartLineView"),
    };

    [Fact]
    public async Task Every_property_the_SPA_reads_is_in_the_services_OpenAPI_documents()
    {
        var interfaces = ParseInterfaces(File.ReadAllText(TypesFile()));
        using var gateway = fixture.Graph.Client("gateway");
        var documents = new Dictionary<string, JsonElement>();
        var problems = new List<string>();

        Assert.Superset(Contracts.Keys.ToHashSet(), interfaces.Keys.Where(name => name is not ("Page" or "ShippingAddress" or "DeadLetter" or "DeadLetterPage")).ToHashSet());
        foreach (var (name, (service, schemaName)) in Contracts)
        {
            if (!documents.TryGetValue(service, out var document))
            {
                document = documents[service] = await gateway.GetFromJsonAsync<JsonElement>($"/api/{service}/openapi/v1.json", TestContext.Current.CancellationToken);
            }
            var schemas = document.GetProperty("components").GetProperty("schemas");
            if (!schemas.TryGetProperty(schemaName, out var schema))
            {
                problems.Add($"{name}: no schema {schemaName} in {service} (has {string.Join(", ", schemas.EnumerateObject().Select(s => s.Name))})");
                continue;
            }
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
            problems.AddRange(interfaces[name].Where(p => !properties.Contains(p)).Select(p => $"{name}.{p} is not in {service}'s {schemaName}"));
        }

        Assert.Empty(problems);
    }

    private static Dictionary<string, List<string>> ParseInterfaces(string source) =>
        InterfacePattern().Matches(source).ToDictionary(
            m => m.Groups["name"].Value,
            m => PropertyPattern().Matches(m.Groups["body"].Value).Select(p => p.Groups["prop"].Value).ToList());

    private static string TypesFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "Bychefiza.Web", "ClientApp", "src", "api", "types.ts");
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException("Bychefiza.Web/ClientApp/src/api/types.ts");
    }

    [GeneratedRegex(@"export interface (?<name>\w+)(?:<\w+>)? \{(?<body>.*?)\n\}", RegexOptions.Singleline)]
    private static partial Regex InterfacePattern();

    // Top-level properties only: two-space indentation.
    [GeneratedRegex(@"^  (?<prop>\w+)\??:", RegexOptions.Multiline)]
    private static partial Regex PropertyPattern();
}
