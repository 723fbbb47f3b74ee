using Bychefiza.ServiceDefaults.Logging;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Microsoft.Extensions.Hosting;

public static class StructuredLoggingExtensions
{
    /// <summary>
    /// JSON lines on stdout outside Development (the readable console format in Development, unless
    /// <c>Logging:Console:FormatterName</c> says otherwise), with personal and secret data redacted
    /// for every logger provider.
    /// </summary>
    public static TBuilder AddStructuredLogging<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddConsoleFormatter<JsonLogFormatter, ConsoleFormatterOptions>();
        if (!builder.Environment.IsDevelopment())
        {
            // After the configuration's own binding, so a configured formatter still wins.
            builder.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName ??= JsonLogFormatter.FormatterName);
        }

        // Polly logs every attempt of every outgoing call at Information: noise, and a cost on each call.
        // Retries, timeouts and open circuits still log, at Warning.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        // HttpClientFactory's four lines per outgoing call (start, end, twice) say what the call's span says.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<Redacted>(new DataClassificationSet(DataTaxonomy.Personal), new DataClassificationSet(DataTaxonomy.Secret));
            // Data of a classification no one mapped is withheld too, rather than printed.
            redaction.SetFallbackRedactor<Redacted>();
        });
        return builder;
    }
}
