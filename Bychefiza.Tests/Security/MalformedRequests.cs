using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bychefiza.Tests.Security;

/// <summary>
/// One malformed request: what it tries, and its body as raw bytes with the content type it claims. A
/// boundary value (-1, int.MaxValue) may be one the operation rightly takes (a sort order, an ignored
/// field), so it must only never cause a 5xx.
/// </summary>
public sealed record MalformedRequest(string What, string Url, byte[]? Body, string ContentType = "application/json", bool Boundary = false);

/// <summary>
/// Malformed requests made from an operation's OpenAPI description: broken and hostile JSON, wrong
/// types, values out of range, strings too large, invalid UTF-8, bad path and query values.
/// </summary>
public static class MalformedRequests
{
    public const int HugeLength = 100_000;

    public static readonly string Huge = new('x', HugeLength);

    /// <summary>Built around <paramref name="baseBody"/>, a body the operation would accept, so one broken part is the only fault.</summary>
    public static IEnumerable<MalformedRequest> For(ApiOperation operation, string url, JsonObject? baseBody)
    {
        foreach (var request in ForQuery(operation, url))
        {
            yield return request;
        }
        if (operation.BodySchema is not { } schema)
        {
            yield break;
        }
        var body = baseBody ?? [];
        yield return new("unterminated JSON", url, Utf8("{\"a\":"));
        yield return new("an array for an object", url, Utf8("[]"));
        yield return new("a bare string for an object", url, Utf8("\"text\""));
        if (operation.BodyRequired)
        {
            yield return new("JSON null", url, Utf8("null"));
        }
        yield return new("nested 10,000 deep", url, Utf8(new string('[', 10_000) + new string(']', 10_000)));
        yield return new("a valid body sent as text/plain", url, Utf8(body.ToJsonString()), "text/plain");
        yield return new("a valid body sent as form data", url, Utf8("a=1"), "application/x-www-form-urlencoded");

        var properties = Properties(operation, schema).ToList();
        foreach (var (name, type) in properties)
        {
            var wrong = type is "string" ? JsonValue.Create(12345) : (JsonNode)JsonValue.Create("twelve");
            yield return new($"{name}: wrong type", url, With(body, name, wrong));
            if (type == "string")
            {
                yield return new($"{name}: {HugeLength:N0} characters", url, With(body, name, JsonValue.Create(Huge)));
                yield return new($"{name}: invalid UTF-8", url, InvalidUtf8(body, name));
                yield return new($"{name}: a NUL character", url, With(body, name, JsonValue.Create("a\u0000b")));
            }
            if (type is "integer" or "number")
            {
                yield return new($"{name}: -1", url, With(body, name, JsonValue.Create(-1)), Boundary: true);
                yield return new($"{name}: int32 max", url, With(body, name, JsonValue.Create(int.MaxValue)), Boundary: true);
                yield return new($"{name}: 1e28", url, With(body, name, JsonValue.Create(1e28m)));
                yield return new($"{name}: 1e400", url, Raw(body, name, "1e400"));
            }
        }
        if (properties.FirstOrDefault(p => p.Type == "string") is { Name: { } first })
        {
            // Parsers that keep the first or the last of two keys disagree: a duplicate is refused, not guessed.
            var json = body.ToJsonString();
            var rest = json.Length > 2 ? "," + json[1..] : "}";
            var twice = body.ContainsKey(first) ? $"{{\"{first}\":\"one\"{rest}" : $"{{\"{first}\":\"one\",\"{first}\":\"two\"{rest}";
            yield return new($"{first}: duplicate key", url, Utf8(twice));
        }
    }

    private static IEnumerable<MalformedRequest> ForQuery(ApiOperation operation, string url)
    {
        foreach (var parameter in operation.Parameters.Where(p => p.GetProperty("in").GetString() == "query"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            var type = TypeOf(operation, parameter.TryGetProperty("schema", out var s) ? s : default);
            var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var cases = new List<(string What, string Value, bool Boundary)>
            {
                ("invalid UTF-8", "%FF%FE", false), ("huge", new string('9', 5_000), false), ("SQL", "1'%20OR%20'1'='1", false), ("NUL", "a%00b", false),
            };
            if (type is "integer" or "number" or "boolean")
            {
                cases.Add(("not a number", "abc", false));
            }
            if (type is "integer")
            {
                cases.Add(("beyond int64", "99999999999999999999999", false));
            }
            if (type is "integer" or "number")
            {
                cases.Add(("negative", "-1", true));
            }
            foreach (var (what, value, boundary) in cases)
            {
                yield return new($"query {name}: {what}", $"{url}{separator}{name}={value}", null, Boundary: boundary);
            }
            yield return new($"query {name}: given twice", $"{url}{separator}{name}=1&{name}=2", null);
        }
    }

    /// <summary>Each top-level property of the body, with the JSON type the document gives it.</summary>
    private static IEnumerable<(string Name, string Type)> Properties(ApiOperation operation, JsonElement schema) =>
        schema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => (p.Name, TypeOf(operation, p.Value)))
            : [];

    private static string TypeOf(ApiOperation operation, JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "string";
        }
        schema = operation.Resolve(schema);
        if (schema.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()!).First(t => t != "null")
                : type.GetString()!;
        }
        foreach (var choice in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(choice, out var options))
            {
                return options.EnumerateArray().Select(o => TypeOf(operation, o)).FirstOrDefault(t => t != "null") ?? "object";
            }
        }
        return schema.TryGetProperty("properties", out _) ? "object" : "string";
    }

    private static byte[] With(JsonObject body, string name, JsonNode value)
    {
        var copy = (JsonObject)body.DeepClone();
        copy[name] = value;
        return Utf8(copy.ToJsonString());
    }

    private static byte[] Raw(JsonObject body, string name, string literal)
    {
        const string marker = "\"__raw__\"";
        return Utf8(Encoding.UTF8.GetString(With(body, name, JsonValue.Create("__raw__"))).Replace(marker, literal, StringComparison.Ordinal));
    }

    /// <summary>A string value holding 0xFF 0xFE, which no UTF-8 text contains.</summary>
    private static byte[] InvalidUtf8(JsonObject body, string name)
    {
        var text = Encoding.UTF8.GetString(With(body, name, JsonValue.Create("__bad__")));
        var at = text.IndexOf("__bad__", StringComparison.Ordinal);
        return [.. Utf8(text[..at]), 0xFF, 0xFE, .. Utf8(text[(at + "__bad__".Length)..])];
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
