using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bychefiza.Messaging.DeadLetters;

/// <summary>
/// A dead letter's body as shown to admins. Events carry no card data or passwords, but some carry a
/// payment provider's token (<c>OrderCreated.PaymentToken</c>): deciding on a replay never needs it,
/// and an admin screen, a HAR file or a support ticket should not hold something that can charge a
/// customer, so any field whose name mentions a token, secret or password is redacted. Replay sends
/// the original bytes, untouched.
/// </summary>
public static class DeadLetterBody
{
    public const string Redacted = "[redacted]";

    private static readonly string[] SensitiveNameParts = ["token", "secret", "password"];

    /// <summary>The body as JSON, redacted; a body that is not JSON (one reason to dead-letter) as a JSON string of its text.</summary>
    public static JsonElement Read(ReadOnlySpan<byte> utf8)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8);
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(utf8));
        }
        Redact(node);
        return JsonSerializer.SerializeToElement(node);
    }

    internal static DateTimeOffset? OccurredAt(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("occurredAt", out var value) && value.TryGetDateTimeOffset(out var at) ? at : null;

    private static void Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject fields:
                foreach (var name in fields.Select(field => field.Key).ToList())
                {
                    if (IsSensitive(name) && fields[name] is not null)
                    {
                        fields[name] = Redacted;
                    }
                    else
                    {
                        Redact(fields[name]);
                    }
                }
                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    Redact(item);
                }
                break;
        }
    }

    private static bool IsSensitive(string name) =>
        SensitiveNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));
}
