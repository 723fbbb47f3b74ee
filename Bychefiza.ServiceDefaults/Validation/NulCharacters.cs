using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bychefiza.ServiceDefaults.Validation;

/// <summary>
/// PostgreSQL cannot store or compare U+0000 in text, so a NUL in a string would fail in the database as
/// a 500. Query values with one are refused before any endpoint runs, naming the parameter; a body
/// string with one is refused when PostgreSQL does (<see cref="BadRequestProblems"/>). A JSON converter
/// could refuse it earlier, but would strip every string's type from the OpenAPI documents.
/// </summary>
public static class NulCharacters
{
    public const string Refused = "Text may not contain the NUL character.";

    public static void AddTo(IServiceCollection services)
    {
        services.AddTransient<IStartupFilter, QueryFilter>();
    }

    private sealed class QueryFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                // Only a query that holds a NUL, raw or percent-encoded, is parsed here: the gateway
                // forwards the query as it came and would otherwise parse every one for nothing.
                var field = context.Request.QueryString.Value is { } query && (query.Contains("%00", StringComparison.Ordinal) || query.Contains('\0'))
                    ? context.Request.Query.FirstOrDefault(p => p.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)).Key
                    : null;
                return field is null ? following(context) : RefuseAsync(context, field);
            });
            next(app);
        };

        private static async Task RefuseAsync(HttpContext context, string field)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Refused] }) { Status = 400 },
            });
        }
    }
}
