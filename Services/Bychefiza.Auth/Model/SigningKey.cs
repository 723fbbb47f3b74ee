using System.Security.Cryptography;

namespace Bychefiza.Auth.Model;

/// <summary>
/// A P-256 key that signs access tokens (ES256). The newest key signs; older ones stay published in
/// the JWKS until the last token they signed has expired, so a rotation logs nobody out.
/// </summary>
public sealed class SigningKey
{
    public static readonly TimeSpan SigningPeriod = TimeSpan.FromDays(90);

    private SigningKey()
    {
    }

    /// <summary>The <c>kid</c> of the tokens it signs.</summary>
    public string Id { get; private set; } = "";

    public byte[] PrivateKey { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>After this it signs nothing new.</summary>
    public DateTimeOffset RetiresAt { get; private set; }

    public static SigningKey Create(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new SigningKey
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            PrivateKey = key.ExportPkcs8PrivateKey(),
            CreatedAt = now,
            RetiresAt = now + SigningPeriod,
        };
    }

    public bool SignsAt(DateTimeOffset now) => CreatedAt <= now && now < RetiresAt;

    /// <summary>Published while tokens it signed may still be valid.</summary>
    public bool PublishedAt(DateTimeOffset now, TimeSpan tokenLifetime) => now < RetiresAt + tokenLifetime + TimeSpan.FromMinutes(5);
}
