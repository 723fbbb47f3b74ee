using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Bychefiza.ServiceDefaults.Logging;

/// <summary>
/// One JSON object per line, flat, so that a log shipper indexes it without parsing messages:
/// timestamp, level, service, traceId, spanId, correlationId, category, eventId, message, the
/// message's properties (already redacted) and an exception's type and message, never its stack trace.
/// </summary>
public sealed class JsonLogFormatter : ConsoleFormatter
{
    public const string FormatterName = "bychefiza-json";

    private const string CorrelationIdScope = "CorrelationId";

    private readonly string _service;

    public JsonLogFormatter(IConfiguration configuration, IHostEnvironment environment) : base(FormatterName) =>
        // The AppHost (and a deployment) name the service in OTEL_SERVICE_NAME, as its telemetry does.
        _service = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : environment.ApplicationName;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("service", _service);
            // The console logger formats on the thread that logs, so the current span is the one the line belongs to.
            if (Activity.Current is { } activity)
            {
                json.WriteString("traceId", activity.TraceId.ToHexString());
                json.WriteString("spanId", activity.SpanId.ToHexString());
            }
            if (CorrelationId(scopeProvider) is { } correlationId)
            {
                json.WriteString("correlationId", correlationId);
            }
            json.WriteString("category", logEntry.Category);
            if (logEntry.EventId.Id != 0)
            {
                json.WriteNumber("eventId", logEntry.EventId.Id);
            }
            json.WriteString("message", message);
            WriteProperties(json, logEntry.State);
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", $"{exception.GetType().FullName}: {exception.Message}");
            }
            json.WriteEndObject();
        }
        textWriter.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteProperties<TState>(Utf8JsonWriter json, TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> { Count: > 0 } properties)
        {
            return;
        }
        json.WriteStartObject("properties");
        foreach (var (key, value) in properties)
        {
            if (key != "{OriginalFormat}")
            {
                json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        json.WriteEndObject();
    }

    private static string? CorrelationId(IExternalScopeProvider? scopes)
    {
        string? found = null;
        scopes?.ForEachScope((scope, _) =>
        {
            if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    if (key == CorrelationIdScope)
                    {
                        found = value?.ToString();
                    }
                }
            }
        }, (object?)null);
        return found;
    }
}
