using System.Linq.Expressions;
using Bychefiza.Auth.Data;
using Bychefiza.Auth.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bychefiza.Auth.Tokens;

public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary>The <c>Auth:RefreshTokens</c> section.</summary>
public sealed class RefreshTokenOptions
{
    /// <summary>Two tabs refreshing at once both succeed when the second comes within this time of the first.</summary>
    public TimeSpan ReuseGrace { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// A session is a family of refresh tokens: signing in starts one, every refresh moves it on by one
/// token, and it ends whole (logout, a replayed token, a password reset).
/// </summary>
public sealed class Sessions(
    AuthDbContext db,
    UserManager<BychefizaUser> users,
    AccessTokens accessTokens,
    TokenSettings settings,
    IOptions<RefreshTokenOptions> refreshTokens,
    TimeProvider time)
{
    public Task<TokenPair> StartAsync(BychefizaUser user, CancellationToken cancellationToken) =>
        IssuePairAsync(user, familyId: Guid.CreateVersion7(), cancellationToken);

    /// <summary>A new pair for a valid refresh token, or null (the caller answers 401).</summary>
    public Task<TokenPair?> RefreshAsync(string presented, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            return await RedeemAsync(RefreshToken.Hash(presented), ct);
        }, cancellationToken);

    private async Task<TokenPair?> RedeemAsync(string hash, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The row lock serialises two refreshes of one token, so exactly one of them rotates it.
        var token = await db.RefreshTokens
            .FromSql($"SELECT * FROM \"RefreshTokens\" WHERE \"TokenHash\" = {hash} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (token is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        switch (token.Redeem(now, refreshTokens.Value.ReuseGrace))
        {
            case RefreshOutcome.Reuse:
                await RevokeFamilyAsync(token.FamilyId, "reuse", cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return null;
            case RefreshOutcome.Expired or RefreshOutcome.Revoked:
                return null;
        }

        var user = await users.FindByIdAsync(token.UserId.ToString());
        if (user is null || user.LockedByAdmin)
        {
            return null;
        }

        token.MarkReplaced(now);
        var pair = await IssuePairAsync(user, token.FamilyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return pair;
    }

    /// <summary>Ends the session the token belongs to; an unknown token ends nothing and says nothing.</summary>
    public async Task EndAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = RefreshToken.Hash(presented);
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(cancellationToken);
        if (familyId is { } family)
        {
            await RevokeFamilyAsync(family, "logout", cancellationToken);
        }
    }

    /// <summary>Ends every session of an account (locked, password changed).</summary>
    public Task<int> EndAllAsync(Guid userId, string reason, CancellationToken cancellationToken) =>
        RevokeAsync(t => t.UserId == userId, reason, cancellationToken);

    private Task<int> RevokeFamilyAsync(Guid familyId, string reason, CancellationToken cancellationToken) =>
        RevokeAsync(t => t.FamilyId == familyId, reason, cancellationToken);

    private Task<int> RevokeAsync(Expression<Func<RefreshToken, bool>> which, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.RefreshTokens
            .Where(which)
            .Where(t => t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevokedReason, reason), cancellationToken);
    }

    private async Task<TokenPair> IssuePairAsync(BychefizaUser user, Guid familyId, CancellationToken cancellationToken)
    {
        var (refreshToken, secret) = RefreshToken.Issue(user.Id, familyId, time.GetUtcNow());
        db.RefreshTokens.Add(refreshToken);
        await db.SaveChangesAsync(cancellationToken);

        var accessToken = await accessTokens.IssueAsync(user, await users.GetRolesAsync(user), cancellationToken);
        return new TokenPair(accessToken, secret, "Bearer", (int)settings.AccessTokenLifetime.TotalSeconds);
    }
}
