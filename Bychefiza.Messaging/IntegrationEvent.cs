using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Bychefiza.Messaging;

/// <summary>
/// Something that happened in one service that others may react to later. Events are immutable,
/// named in the past tense, and live in this library so publisher and consumers share one contract.
/// </summary>
/// <remarks>
/// The routing key is derived from the type name by convention (see <see cref="EventNames"/>):
/// <c>UserRegistered</c> travels as <c>user.registered</c>. Renaming an event type therefore
/// renames it on the wire: treat it like any other breaking contract change.
/// </remarks>
public abstract record IntegrationEvent
{
    /// <summary>Unique per event; the message id on the broker and the key of every consumer's inbox.</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The W3C <c>traceparent</c> of the activity that raised the event, so its consumers continue that trace.</summary>
    public string? TraceParent { get; init; } = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The routing key, e.g. <c>user.registered</c>.</summary>
    [JsonIgnore]
    public string Name => EventNames.Of(GetType());
}
