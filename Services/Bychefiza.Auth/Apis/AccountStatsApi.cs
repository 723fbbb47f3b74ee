using Bychefiza.Auth.Data;
using Bychefiza.Auth.Tokens;
using Bychefiza.ServiceDefaults.Auth;
using Bychefiza.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Auth.Apis;

public sealed record AccountStatsBucket(DateTimeOffset Start, int ActiveUsers, int NewAccounts);

public sealed record AccountStats(
    DateTimeOffset From, DateTimeOffset To, string Bucket, long ActiveNow, int Accounts, IReadOnlyList<AccountStatsBucket> Buckets);

/// <summary>Accounts over time for the admin dashboard, beside the orders' statistics.</summary>
public static class AccountStatsApi
{
    public static IEndpointRouteBuilder MapAccountStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/auth/users/stats", GetAsync)
            .WithTags("Accounts (admin)").WithName("GetAccountStats").RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>
    /// Per UTC bucket: the active users, that is the accounts that signed in or renewed a session in it
    /// (every use of a session past its 15-minute access token issues a refresh token), and the accounts
    /// created in it. <c>activeNow</c> counts the accounts with a live session, as the
    /// <c>bychefiza.users.active</c> gauge does.
    /// </summary>
    public static async Task<Results<Ok<AccountStats>, ValidationProblem>> GetAsync(
        [AsParameters] TimeBuckets buckets, AuthDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = buckets.Validate(now);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var step = buckets.Step!.Value;
        var (from, to) = buckets.Range(now);
        var (first, last) = buckets.Starts(now);
        var series = await db.Database.SqlQuery<AccountStatsBucket>($"""
            SELECT b.start AS "Start",
                   (SELECT count(DISTINCT t."UserId") FROM "RefreshTokens" AS t
                     WHERE t."CreatedAt" >= greatest(b.start, {from}) AND t."CreatedAt" < least(b.start + {step}, {to}))::int AS "ActiveUsers",
                   (SELECT count(*) FROM "AspNetUsers" AS u
                     WHERE u."CreatedAt" >= greatest(b.start, {from}) AND u."CreatedAt" < least(b.start + {step}, {to}))::int AS "NewAccounts"
            FROM generate_series({first}, {last}, {step}) AS b(start)
            ORDER BY b.start
            """).ToListAsync(cancellationToken);
        var activeNow = await ActiveUsers.CountAsync(db, now, cancellationToken);
        var accounts = await db.Users.CountAsync(cancellationToken);
        return TypedResults.Ok(new AccountStats(from, to, buckets.Name, activeNow, accounts, series));
    }
}
