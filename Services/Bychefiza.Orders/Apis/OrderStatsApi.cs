using Bychefiza.Orders.Data;
using Bychefiza.Orders.Model;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Apis;

public sealed record StatsQuery(DateTimeOffset? From, DateTimeOffset? To, string? Bucket, string? Currency)
{
    public const int MaxBuckets = 1500;

    public TimeSpan? Step => Bucket?.ToLowerInvariant() switch
    {
        null or "hour" => TimeSpan.FromHours(1),
        "minute" => TimeSpan.FromMinutes(1),
        "day" => TimeSpan.FromDays(1),
        _ => null,
    };

    public Dictionary<string, string[]> Validate(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (Step is not { } step)
        {
            errors["bucket"] = ["Use minute, hour or day."];
            return errors;
        }
        var (from, to) = Range(now);
        if (from >= to)
        {
            errors["to"] = ["'to' comes after 'from'."];
        }
        else if ((to - from) / step > MaxBuckets)
        {
            errors["from"] = [$"Ask for at most {MaxBuckets} buckets: a shorter range or a larger bucket."];
        }
        if (Currency is not null && (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper)))
        {
            errors["currency"] = ["Give an ISO 4217 code such as USD."];
        }
        return errors;
    }

    /// <summary>The last 24 buckets up to now unless told otherwise.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range(DateTimeOffset now)
    {
        var to = To ?? now;
        return (From ?? to - 24 * (Step ?? TimeSpan.FromHours(1)), to);
    }
}

public sealed record StatsBucket(DateTimeOffset Start, int Orders, int PaidOrders, decimal Revenue);

public sealed record OrderStats(DateTimeOffset From, DateTimeOffset To, string Bucket, string Currency, IReadOnlyList<StatsBucket> Buckets);

/// <summary>Orders and revenue over time for the admin dashboard.</summary>
public static class OrderStatsApi
{
    public static IEndpointRouteBuilder MapOrderStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/orders/stats", GetAsync).WithTags("Orders (admin)").WithName("GetOrderStats").RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>
    /// Per UTC bucket: orders placed, how many of them are paid and not refunded (Paid, Shipped,
    /// Delivered), and their revenue, in one currency. Empty buckets are listed with zeros.
    /// </summary>
    public static async Task<Results<Ok<OrderStats>, ValidationProblem>> GetAsync(
        [AsParameters] StatsQuery query, OrdersDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = query.Validate(time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var step = query.Step!.Value;
        var (from, to) = query.Range(time.GetUtcNow());
        var first = Floor(from, step);
        var last = Floor(to - TimeSpan.FromTicks(1), step);
        var currency = query.Currency ?? "USD";
        string[] earning = [nameof(OrderStatus.Paid), nameof(OrderStatus.Shipped), nameof(OrderStatus.Delivered)];

        var buckets = await db.Database.SqlQuery<StatsBucket>($"""
            SELECT b.start AS "Start",
                   count(o."Id")::int AS "Orders",
                   (count(o."Id") FILTER (WHERE o."Status" = ANY({earning})))::int AS "PaidOrders",
                   coalesce(sum(o."Total") FILTER (WHERE o."Status" = ANY({earning})), 0) AS "Revenue"
            FROM generate_series({first}, {last}, {step}) AS b(start)
            LEFT JOIN "Orders" AS o
              ON o."CreatedAt" >= b.start AND o."CreatedAt" < b.start + {step}
             AND o."CreatedAt" >= {from} AND o."CreatedAt" < {to}
             AND o."Currency" = {currency}
            GROUP BY b.start
            ORDER BY b.start
            """).ToListAsync(cancellationToken);
        return TypedResults.Ok(new OrderStats(from, to, query.Bucket?.ToLowerInvariant() ?? "hour", currency, buckets));
    }

    private static DateTimeOffset Floor(DateTimeOffset at, TimeSpan step) =>
        new(at.UtcTicks - at.UtcTicks % step.Ticks, TimeSpan.Zero);
}
