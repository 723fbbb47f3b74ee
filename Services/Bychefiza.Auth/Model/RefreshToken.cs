using System.Security.Cryptography;
using System.Text;

namespace Bychefiza.Auth.Model;

/// <summary>What presenting a refresh token leads to.</summary>
public enum RefreshOutcome
{
    /// <summary>Current and unused: issue a successor and retire this one.</summary>
    Rotate,

    /// <summary>Replaced moments ago: a second request raced the first (two tabs); issue another successor.</summary>
    ConcurrentRefresh,

    /// <summary>Replaced earlier: someone replays an old token, so the whole family is revoked (RFC 9700 §4.14.2).</summary>
    Reuse,

    Expired,

    Revoked,
}

/// <summary>
/// An opaque refresh token. Only its SHA-256 hash is stored; every use replaces it with a successor
/// in the same family, and a family ends together (logout, reuse, password reset).
/// </summary>
public sealed class RefreshToken
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    private RefreshToken()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid FamilyId { get; private set; }

    public string TokenHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? ReplacedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedReason { get; private set; }

    /// <summary>A new token; the secret is returned once, to be handed to the client, and never stored.</summary>
    public static (RefreshToken Token, string Secret) Issue(Guid userId, Guid familyId, DateTimeOffset now)
    {
        var secret = AccountToken.Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            FamilyId = familyId,
            TokenHash = Hash(secret),
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        return (token, secret);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <param name="reuseGrace">How long a just-replaced token still counts as a race rather than a replay.</param>
    public RefreshOutcome Redeem(DateTimeOffset now, TimeSpan reuseGrace) =>
        RevokedAt is not null ? RefreshOutcome.Revoked
        : now >= ExpiresAt ? RefreshOutcome.Expired
        : ReplacedAt is null ? RefreshOutcome.Rotate
        : now - ReplacedAt <= reuseGrace ? RefreshOutcome.ConcurrentRefresh
        : RefreshOutcome.Reuse;

    public void MarkReplaced(DateTimeOffset now) => ReplacedAt ??= now;

    public void Revoke(DateTimeOffset now, string reason)
    {
        RevokedAt ??= now;
        RevokedReason ??= reason;
    }
}
