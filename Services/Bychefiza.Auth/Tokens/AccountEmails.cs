using Bychefiza.Auth.Data;
using Bychefiza.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bychefiza.Auth.Tokens;

/// <summary>The <c>Web</c> section: where links in emails send people.</summary>
public sealed class WebLinkOptions
{
    public string PublicUrl { get; set; } = "http://localhost:8080";
}

/// <summary>Emails that carry a single-use account token, and the use of those tokens.</summary>
public sealed class AccountEmails(AuthDbContext db, IEmailSender email, IOptions<WebLinkOptions> web, TimeProvider time)
{
    public Task SendVerificationAsync(BychefizaUser user, CancellationToken cancellationToken) =>
        SendAsync(user, AccountTokenPurpose.VerifyEmail, "Confirm your email address",
            link => $"Welcome to Bychefiza, {user.DisplayName}.\n\nConfirm your email address within 24 hours:\n{link}\n", "verify-email", cancellationToken);

    public Task SendPasswordResetAsync(BychefizaUser user, CancellationToken cancellationToken) =>
        SendAsync(user, AccountTokenPurpose.ResetPassword, "Reset your password",
            link => $"Someone asked to reset the password of your Bychefiza account.\n\nChoose a new one within an hour:\n{link}\n\nIf it was not you, ignore this email; your password stays as it is.\n",
            "reset-password", cancellationToken);

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

    /// <summary>Uses the token: true once, false for an unknown, used, expired or other-purpose token.</summary>
    public async Task<bool> UseAsync(string secret, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var hash = RefreshToken.Hash(secret);
        var now = time.GetUtcNow();
        var used = await db.AccountTokens
            .Where(t => t.TokenHash == hash && t.Purpose == purpose && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), cancellationToken);
        return used == 1;
    }

    private async Task SendAsync(
        BychefizaUser user, AccountTokenPurpose purpose, string subject, Func<string, string> body, string page, CancellationToken cancellationToken)
    {
        var (token, secret) = AccountToken.Issue(user.Id, purpose, time.GetUtcNow());
        db.AccountTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);

        var link = $"{web.Value.PublicUrl.TrimEnd('/')}/{page}?token={Uri.EscapeDataString(secret)}";
        await email.SendAsync(new EmailMessage(user.Email!, subject, body(link)), cancellationToken);
    }
}
