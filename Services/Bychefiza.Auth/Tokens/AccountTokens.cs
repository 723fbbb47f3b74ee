using Bychefiza.Auth.Data;
using Bychefiza.Auth.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Auth.Tokens;

/// <summary>Single-use account tokens: issued for a link or a redirect, used once.</summary>
public sealed class AccountTokens(AuthDbContext db, TimeProvider time)
{
    /// <summary>Stores the token's hash and returns the secret to hand out.</summary>
    public async Task<string> IssueAsync(Guid userId, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var (token, secret) = AccountToken.Issue(userId, purpose, time.GetUtcNow());
        db.AccountTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    /// <summary>Spends every unused token of the account for <paramref name="purpose"/>: older reset links die with a new password.</summary>
    public Task<int> RevokeAsync(Guid userId, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.AccountTokens
            .Where(t => t.UserId == userId && t.Purpose == purpose && t.UsedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), cancellationToken);
    }

    /// <summary>The account a still-usable token belongs to, without using it.</summary>
    public Task<Guid?> PeekAsync(string secret, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var hash = RefreshToken.Hash(secret);
        var now = time.GetUtcNow();
        return db.AccountTokens
            .Where(t => t.TokenHash == hash && t.Purpose == purpose && t.UsedAt == null && t.ExpiresAt > now)
            .Select(t => (Guid?)t.UserId)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Uses the token and returns its account: once, in one conditional update, so two racing uses
    /// cannot both win; null for an unknown, used, expired or other-purpose token.
    /// </summary>
    public async Task<Guid?> UseAsync(string secret, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var hash = RefreshToken.Hash(secret);
        var now = time.GetUtcNow();
        var used = await db.Database.SqlQuery<Guid>($"""
            UPDATE "AccountTokens" SET "UsedAt" = {now}
            WHERE "TokenHash" = {hash} AND "Purpose" = {purpose.ToString()} AND "UsedAt" IS NULL AND "ExpiresAt" > {now}
            RETURNING "UserId"
            """).ToListAsync(cancellationToken);
        return used.Count == 1 ? used[0] : null;
    }
}
