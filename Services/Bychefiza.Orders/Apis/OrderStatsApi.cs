using Bychefiza.Orders.Data;
using Bychefiza.Orders.Model;
using Bychefiza.ServiceDefaults.Auth;
using Bychefiza.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Apis;

public sealed record StatsQuery(DateTimeOffset? From, DateTimeOffset? To, string? Bucket, string? Currency)
{
    public TimeBuckets Buckets => new(From, To, Bucket);

    public Dictionary<string, string[]> Validate(DateTimeOffset now)
    {
        var errors = Buckets.Validate(now);
        if (Currency is not null && (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper)))
        {
            errors["currency"] = ["Give an ISO 4217 code such as USD."];
        }
        return errors;
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
        var now = time.GetUtcNow();
        var errors = query.Validate(now);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var step = query.Buckets.Step!.Value;
        var (from, to) = query.Buckets.Range(now);
        var (first, last) = query.Buckets.Starts(now);
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
        return TypedResults.Ok(new OrderStats(from, to, query.Buckets.Name, currency, buckets));
    }
}
