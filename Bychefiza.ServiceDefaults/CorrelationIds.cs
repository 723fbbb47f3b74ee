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
        var id = Valid().IsMatch(presented) ? presented : Guid.NewGuid().ToString("N");
        context.Request.Headers[Header] = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("correlation.id", id);

        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next();
        }
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
