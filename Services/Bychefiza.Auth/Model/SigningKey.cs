using System.Security.Cryptography;

namespace Bychefiza.Auth.Model;

/// <summary>
/// A P-256 key that signs access tokens (ES256). A key is published in the JWKS from the moment it is
/// created, starts signing only after every service has had time to fetch it, signs for 90 days, then
/// stays published until the last token it signed has expired: a rotation logs nobody out. A revoked
/// key (the answer to a leaked key) is withdrawn at once, and every token it signed with it.
/// </summary>
public sealed class SigningKey
{
    public static readonly TimeSpan SigningPeriod = TimeSpan.FromDays(90);

    /// <summary>How long before it retires the signing key gets a successor.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    private static readonly TimeSpan PublishedAfterLastToken = TimeSpan.FromMinutes(5);

    private SigningKey()
    {
    }

    /// <summary>The <c>kid</c> of the tokens it signs.</summary>
    public string Id { get; private set; } = "";

    public byte[] PrivateKey { get; private set; } = [];

    /// <summary>Published from this moment.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Signs from this moment.</summary>
    public DateTimeOffset ActivatesAt { get; private set; }

    /// <summary>After this it signs nothing new.</summary>
    public DateTimeOffset RetiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <param name="now">When it is created, and published.</param>
    /// <param name="activatesAt">When it starts signing; <paramref name="now"/> only when no token can exist yet, or in an emergency.</param>
    public static SigningKey Create(DateTimeOffset now, DateTimeOffset activatesAt)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new SigningKey
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            PrivateKey = key.ExportPkcs8PrivateKey(),
            CreatedAt = now,
            ActivatesAt = activatesAt,
            RetiresAt = activatesAt + SigningPeriod,
        };
    }

    public bool SignsAt(DateTimeOffset now) => RevokedAt is null && ActivatesAt <= now && now < RetiresAt;

    /// <summary>Published while tokens it signed may still be valid.</summary>
    public bool PublishedAt(DateTimeOffset now, TimeSpan tokenLifetime) =>
        RevokedAt is null && now < RetiresAt + tokenLifetime + PublishedAfterLastToken;

    /// <summary>
    /// Makes a successor for <paramref name="keys"/> and retires them when it starts signing; with
    /// <paramref name="revoke"/> the successor signs at once and the others are withdrawn.
    /// </summary>
    public static SigningKey Rotate(IEnumerable<SigningKey> keys, DateTimeOffset now, TimeSpan publishLead, bool revoke)
    {
        var successor = Create(now, revoke ? now : now + publishLead);
        foreach (var key in keys.Where(k => k.RevokedAt is null))
        {
            if (revoke)
            {
                key.RevokedAt = now;
            }
            if (key.RetiresAt > successor.ActivatesAt)
            {
                key.RetiresAt = successor.ActivatesAt;
            }
        }
        return successor;
    }

    /// <summary>
    /// The key to add so that one always signs: an active one now when none does (nothing it could
    /// have signed exists), or a pre-published successor when the signing key retires soon.
    /// </summary>
    public static SigningKey? Renewal(IReadOnlyCollection<SigningKey> keys, DateTimeOffset now, TimeSpan publishLead)
    {
        if (!keys.Any(k => k.SignsAt(now)))
        {
            return Create(now, now);
        }
        var signingUntil = keys.Where(k => k.RevokedAt is null).Max(k => k.RetiresAt);
        return signingUntil - now < RenewBefore ? Rotate(keys, now, publishLead, revoke: false) : null;
    }
}
