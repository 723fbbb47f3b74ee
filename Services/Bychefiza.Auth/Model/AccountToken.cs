using System.Security.Cryptography;

namespace Bychefiza.Auth.Model;

public enum AccountTokenPurpose
{
    VerifyEmail,
    ResetPassword,

    /// <summary>Carries a sign-in at an external provider back to the shop, to be exchanged for a token pair.</summary>
    ExternalSignIn,
}

/// <summary>
/// A single-use token sent by email (verify the address, reset the password) or in a redirect
/// (an external sign-in). Only its hash is
/// stored; it expires, and using it is one conditional update, so it works once even when raced.
/// </summary>
public sealed class AccountToken
{
    private AccountToken()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public AccountTokenPurpose Purpose { get; private set; }

    public string TokenHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public static TimeSpan LifetimeOf(AccountTokenPurpose purpose) => purpose switch
    {
        AccountTokenPurpose.VerifyEmail => TimeSpan.FromHours(24),
        AccountTokenPurpose.ResetPassword => TimeSpan.FromHours(1),
        AccountTokenPurpose.ExternalSignIn => TimeSpan.FromMinutes(2),
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };

    public static (AccountToken Token, string Secret) Issue(Guid userId, AccountTokenPurpose purpose, DateTimeOffset now)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (new AccountToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Purpose = purpose,
            TokenHash = RefreshToken.Hash(secret),
            CreatedAt = now,
            ExpiresAt = now + LifetimeOf(purpose),
        }, secret);
    }

    public bool UsableAt(DateTimeOffset now) => UsedAt is null && now < ExpiresAt;

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
