using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bychefiza.Tests.Support;

/// <summary>A span as a service exported it: ids in lower-case hex, the parent's empty for a root.</summary>
public sealed record ReceivedSpan(
    string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    public const int Server = 2, Client = 3, Producer = 4, Consumer = 5;

    public string? Attribute(string name) => Attributes.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// An OTLP/HTTP (protobuf) collector on loopback that keeps the spans the graph's services export
/// (the way the Aspire dashboard receives them) and accepts and drops their metrics and logs.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver(LoopbackServer.Create());
        receiver._app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            if (context.Request.Path == "/v1/traces")
            {
                foreach (var span in Decode(body.ToArray()))
                {
                    receiver.Spans.Enqueue(span);
                }
            }
            // An empty Export…ServiceResponse: everything accepted.
            context.Response.ContentType = "application/x-protobuf";
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        receiver.Endpoint = await receiver._app.StartOnLoopbackAsync();
        return receiver;
    }

    public IReadOnlyList<ReceivedSpan> Trace(string traceId) => Spans.Where(span => span.TraceId == traceId).ToList();

    /// <summary>The services that have exported spans so far; a test's failure message names them.</summary>
    public string Services => string.Join(", ", Spans.Select(span => span.Service).Distinct().Order());

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
    // Span { trace_id = 1; span_id = 2; parent_span_id = 4; name = 5; kind = 6; repeated KeyValue attributes = 9; }
    private static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Protobuf.Read(request).Where(f => f.Number == 1))
        {
            var fields = Protobuf.Read(resourceSpans.Bytes);
            var resource = fields.Where(f => f.Number == 1).Select(f => Attributes(Protobuf.Read(f.Bytes), field: 1)).FirstOrDefault() ?? new Dictionary<string, string>();
            var service = resource.GetValueOrDefault("service.name", "");
            foreach (var scopeSpans in fields.Where(f => f.Number == 2).Select(f => Protobuf.Read(f.Bytes)))
            {
                var scope = scopeSpans.Where(f => f.Number == 1).Select(f => Protobuf.Read(f.Bytes).FirstOrDefault(n => n.Number == 1).Text).FirstOrDefault() ?? "";
                foreach (var span in scopeSpans.Where(f => f.Number == 2).Select(f => Protobuf.Read(f.Bytes)))
                {
                    yield return new ReceivedSpan(
                        service,
                        scope,
                        span.FirstOrDefault(f => f.Number == 1).Hex,
                        span.FirstOrDefault(f => f.Number == 2).Hex,
                        span.FirstOrDefault(f => f.Number == 4).Hex,
                        span.FirstOrDefault(f => f.Number == 5).Text,
                        (int)span.FirstOrDefault(f => f.Number == 6).Varint,
                        Attributes(span, field: 9));
                }
            }
        }
    }

    // KeyValue { string key = 1; AnyValue value = 2; }, AnyValue { string_value = 1; bool_value = 2; int_value = 3; … }
    private static Dictionary<string, string> Attributes(List<Protobuf.Field> message, int field)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var keyValue in message.Where(f => f.Number == field).Select(f => Protobuf.Read(f.Bytes)))
        {
            var key = keyValue.FirstOrDefault(f => f.Number == 1);
            var value = keyValue.FirstOrDefault(f => f.Number == 2);
            var any = value.Bytes.IsEmpty ? default : Protobuf.Read(value.Bytes).FirstOrDefault();
            attributes[key.Text] = any.Number switch
            {
                1 => any.Text,
                2 => (any.Varint != 0).ToString(),
                3 => ((long)any.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => "",
            };
        }
        return attributes;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
