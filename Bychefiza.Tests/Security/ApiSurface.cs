using System.Net.Http.Json;
using System.Text.Json;

namespace Bychefiza.Tests.Security;

/// <summary>One operation of a service's published OpenAPI document.</summary>
public sealed record ApiOperation(string Service, string Method, string Path, JsonElement Operation, JsonElement Document)
{
    /// <summary>How the expectation tables name it: <c>PUT /api/users/me/addresses/{id}</c>.</summary>
    public string Key => $"{Method} {Path}";

    public IEnumerable<JsonElement> Parameters =>
        Operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : [];

    /// <summary>The JSON schema of the request body, with <c>$ref</c>s resolved at the top; null without a JSON body.</summary>
    public JsonElement? BodySchema =>
        Operation.TryGetProperty("requestBody", out var body)
        && body.GetProperty("content").TryGetProperty("application/json", out var json)
        && json.TryGetProperty("schema", out var schema)
            ? Resolve(schema)
            : null;

    public bool BodyRequired =>
        Operation.TryGetProperty("requestBody", out var body) && body.TryGetProperty("required", out var required) && required.GetBoolean();

    public bool HasFormBody =>
        Operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("multipart/form-data", out _);

    public JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = Document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema;
    }
}

/// <summary>Every operation the services publish, read the way outsiders read them: through the gateway.</summary>
public static class ApiSurface
{
    /// <summary>The services whose documents the gateway serves, by the prefix it serves them under.</summary>
    public static readonly string[] Services = ["auth", "users", "products", "orders", "payments"];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static async Task<IReadOnlyList<ApiOperation>> ReadAsync(HttpClient gateway)
    {
        var operations = new List<ApiOperation>();
        foreach (var service in Services)
        {
            var document = await gateway.GetFromJsonAsync<JsonElement>($"/api/{service}/openapi/v1.json", TestContext.Current.CancellationToken);
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            {
                foreach (var method in Methods.Where(m => path.Value.TryGetProperty(m, out _)))
                {
                    operations.Add(new ApiOperation(service, method.ToUpperInvariant(), Normalise(path.Name), path.Value.GetProperty(method), document));
                }
            }
        }
        return operations;
    }

    /// <summary><c>/api/orders/</c> and <c>/api/orders</c> are one route.</summary>
    private static string Normalise(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
