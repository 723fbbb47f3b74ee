using System.Diagnostics;

namespace Bychefiza.Messaging;

/// <summary>The spans of publishing and consuming; ServiceDefaults exports every <c>Bychefiza.*</c> source.</summary>
public static class MessagingTelemetry
{
    public const string SourceName = "Bychefiza.Messaging";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span that continues the trace carried by <paramref name="traceParent"/>, or a new trace without one.</summary>
    internal static Activity? Start(string name, ActivityKind kind, string? traceParent, string eventType, string messageId)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity(name, kind, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.destination.name", Broker.Topology.Exchange);
        activity?.SetTag("messaging.rabbitmq.destination.routing_key", eventType);
        activity?.SetTag("messaging.message.id", messageId);
        return activity;
    }
}
