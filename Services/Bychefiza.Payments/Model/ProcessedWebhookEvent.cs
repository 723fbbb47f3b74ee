namespace Bychefiza.Payments.Model;

/// <summary>A provider's webhook event already applied; providers deliver at least once.</summary>
public sealed class ProcessedWebhookEvent
{
    /// <summary>The provider's event id (<c>evt_…</c> for Stripe).</summary>
    public string EventId { get; set; } = "";

    public string Provider { get; set; } = "";

    public string Type { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }
}
