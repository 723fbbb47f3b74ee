using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bychefiza.Gateway.RateLimiting;

/// <summary>
/// Limits every <c>/api</c> request: per user when signed in, per client IP otherwise, and the
/// password-guessing and mail-sending endpoints also per IP and per email address. Over a limit:
/// 429 problem details with <c>Retry-After</c>.
/// </summary>
public static class RateLimitMiddleware
{
    public static IHostApplicationBuilder AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions());
        builder.Services.AddSingleton<RateCounters>();
        builder.Services.AddHealthChecks().AddCheck<RateLimitHealthCheck>("rate-limits");
        return builder;
    }

    public static IApplicationBuilder UseGatewayRateLimits(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<RateLimitOptions>();
        var counters = app.ApplicationServices.GetRequiredService<RateCounters>();
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                await next(context);
                return;
            }

            foreach (var (key, limit) in await BudgetsAsync(context, options))
            {
                if (!await counters.TryTakeAsync(key, limit))
                {
                    context.Response.Headers.RetryAfter = SlidingWindow.RetryAfterSeconds(DateTimeOffset.UtcNow, limit.Window).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await Results.Problem(title: "Too many requests.", detail: "Wait a little before trying again.", statusCode: StatusCodes.Status429TooManyRequests)
                        .ExecuteAsync(context);
                    return;
                }
            }
            await next(context);
        });
    }

    private static async Task<List<(string Key, RateLimit Limit)>> BudgetsAsync(HttpContext context, RateLimitOptions options)
    {
        var ip = context.Connection.RemoteIpAddress ?? IPAddress.None;
        var budgets = new List<(string, RateLimit)>();
        budgets.Add(context.User.FindFirst("sub")?.Value is { } user
            ? ($"user:{user}", options.SignedIn)
            : ($"ip:{ip}", options.Anonymous));

        var path = context.Request.Path.Value ?? "";
        if (HttpMethods.IsPost(context.Request.Method) && options.SensitivePaths.Contains(path, StringComparer.OrdinalIgnoreCase))
        {
            budgets.Add(($"sensitive-ip:{path}:{ip}", options.SensitivePerIp));
            if (await EmailInBodyAsync(context.Request) is { } email)
            {
                // Hashed: addresses stay out of Redis keys.
                budgets.Add(($"sensitive-email:{path}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)))[..32]}", options.SensitivePerEmail));
            }
        }
        return budgets;
    }

    /// <summary>The <c>email</c> of a JSON body, read without consuming it (the service reads it next).</summary>
    private static async Task<string?> EmailInBodyAsync(HttpRequest request)
    {
        const int MaxScanned = 64 * 1024;
        if (request.ContentLength is 0 or > MaxScanned || request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }
        // Chunked bodies have no declared length: the buffer's limit stops a long one.
        request.EnableBuffering(bufferThreshold: MaxScanned, bufferLimit: MaxScanned);
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String
                ? email.GetString()!.Trim().ToLowerInvariant()
                : null;
        }
        // InvalidOperationException: GetString on a string that is not valid UTF-8 (the parser lets its bytes through).
        catch (Exception exception) when (exception is JsonException or IOException or InvalidOperationException)
        {
            return null; // a malformed or oversized body: the service answers it
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}

/// <summary>Readiness says Degraded while limits are counted per replica instead of shared.</summary>
public sealed class RateLimitHealthCheck(RateCounters counters) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(counters.DegradedSince is { } since
            ? HealthCheckResult.Degraded($"Rate limits are counted per replica since {since:O}: Redis does not answer.")
            : HealthCheckResult.Healthy("Rate limits are shared through Redis."));
}
