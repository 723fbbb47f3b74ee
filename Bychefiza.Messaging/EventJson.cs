using System.Text.Json;

namespace Bychefiza.Messaging;

/// <summary>The one JSON shape of events: in the outbox's payload column and in a message body alike.</summary>
public static class EventJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes by the runtime type, so the derived event's own fields are kept.</summary>
    public static string Serialize(IntegrationEvent integrationEvent) =>
        JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), Options);

    public static IntegrationEvent Deserialize(Type eventType, ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, eventType, Options) as IntegrationEvent
            ?? throw new JsonException($"The body is not a {eventType.Name}.");
}
