using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bychefiza.ServiceDefaults.Validation;

/// <summary>
/// A request the endpoint cannot even bind (broken JSON, a wrong type, a duplicate key, a query value
/// that is not a number, the wrong content type) answers a problem document naming the field, instead
/// of a bare 400 that says nothing.
/// </summary>
public sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public static void AddTo(IServiceCollection services)
    {
        // Two parsers that keep different copies of a repeated key read two different requests: refuse it.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.AllowDuplicateProperties = false);
        // Binding failures become exceptions, so this handler can say which field failed.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return false;
        }
        if (IsNulRefusedByPostgres(exception))
        {
            return await WriteAsync(context, exception, StatusCodes.Status400BadRequest, "body", NulCharacters.Refused);
        }
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var (field, message) = Describe(bad);
        return await WriteAsync(context, exception, bad.StatusCode, field, message);
    }

    private async ValueTask<bool> WriteAsync(HttpContext context, Exception exception, int status, string field, string message)
    {
        context.Response.StatusCode = status;
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = status switch
            {
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                _ => "One or more validation errors occurred.",
            },
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The field at fault (a JSON path without <c>$.</c>, or the parameter's name) and what is wrong, without echoing the value.</summary>
    private static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var field = json.Path is null or "$" ? "body" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path;
            var message = json.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? "Not a valid value here: the wrong type, out of range, or malformed."
                : $"Not valid JSON: {FirstSentence(json.Message)}";
            return (field, message);
        }
        if (ParameterName().Match(bad.Message) is { Success: true } parameter)
        {
            return (parameter.Groups["name"].Value, "Not a valid value for this parameter.");
        }
        return ("body", FirstSentence(bad.Message));
    }

    // 22021: "invalid byte sequence for encoding UTF8: 0x00", PostgreSQL's answer to a NUL in a text value.
    private static bool IsNulRefusedByPostgres(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is Npgsql.PostgresException { SqlState: "22021" })
            {
                return true;
            }
        }
        return false;
    }

    // System.Text.Json appends the path and position after the first sentence; the field already says where.
    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    // "Failed to bind parameter "int page" from "abc"." and "Required parameter "string q" was not provided ..."
    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_-]*)\"")]
    private static partial Regex ParameterName();
}
