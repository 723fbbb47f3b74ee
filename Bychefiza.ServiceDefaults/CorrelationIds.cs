using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every request carries <c>X-Correlation-ID</c>: the caller's when it sends a well-formed one,
/// a new one otherwise. It is in every log line's scope, on the request's span, in the response, and
/// (the gateway forwards request headers) in the request each service receives.
/// </summary>
public static partial class CorrelationIds
{
    public const string Header = "X-Correlation-ID";

    /// <summary>What a caller's id may look like: no spaces, no control characters, nothing to inject into a log.</summary>
    [GeneratedRegex("^[A-Za-z0-9._:-]{8,128}$")]
    public static partial Regex Valid();

    internal static async Task HandleAsync(HttpContext context, Func<Task> next, ILogger logger)
    {
        var presented = context.Request.Headers[Header].ToString();
        var id = Valid().IsMatch(presented) ? presented : NewId();
        context.Request.Headers[Header] = id;
        // At the start of the response, so one an exception handler cleared and rewrote still carries it.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.Request.Headers[Header];
            return Task.CompletedTask;
        }, context);
        Activity.Current?.SetTag("correlation.id", id);

        using (logger.BeginScope(new Scope(id)))
        {
            await next();
        }
    }

    /// <summary>
    /// The request's trace id, so a log line's correlation id finds its trace; a new GUID without one.
    /// (The trace id is already made, from a per-thread generator; each new GUID reads /dev/urandom, a system call.)
    /// </summary>
    private static string NewId() =>
        Activity.Current is { TraceId: var traceId } && traceId != default ? traceId.ToHexString() : Guid.NewGuid().ToString("N");

    /// <summary>The log scope: one property, <c>CorrelationId</c>, without a dictionary per request.</summary>
    private sealed class Scope(string id) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("CorrelationId", id) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"CorrelationId:{id}";
    }

    internal sealed class StartupFilter(ILoggerFactory loggers) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var logger = loggers.CreateLogger("Bychefiza.CorrelationIds");
            app.Use((context, nextMiddleware) => HandleAsync(context, () => nextMiddleware(context), logger));
            next(app);
        };
    }
}
