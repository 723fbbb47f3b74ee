using Bychefiza.Auth.Model;
using Microsoft.Extensions.Options;

namespace Bychefiza.Auth.Tokens;

/// <summary>The <c>Web</c> section: where links in emails and redirects send people.</summary>
public sealed class WebLinkOptions
{
    public string PublicUrl { get; set; } = "http://localhost:8080";

    /// <summary>An absolute address of the shop: <paramref name="pathAndQuery"/> under <see cref="PublicUrl"/>.</summary>
    public string Link(string pathAndQuery) => $"{PublicUrl.TrimEnd('/')}/{pathAndQuery.TrimStart('/')}";
}

/// <summary>Emails that carry a single-use account token.</summary>
public sealed class AccountEmails(AccountTokens tokens, IEmailSender email, IOptions<WebLinkOptions> web)
{
    public Task SendVerificationAsync(BychefizaUser user, CancellationToken cancellationToken) =>
        SendAsync(user, AccountTokenPurpose.VerifyEmail, "Confirm your email address",
            link => $"Welcome to Bychefiza, {user.DisplayName}.\n\nConfirm your email address within 24 hours:\n{link}\n", "verify-email", cancellationToken);

    public Task SendPasswordResetAsync(BychefizaUser user, CancellationToken cancellationToken) =>
        SendAsync(user, AccountTokenPurpose.ResetPassword, "Reset your password",
            link => $"Someone asked to reset the password of your Bychefiza account.\n\nChoose a new one within an hour:\n{link}\n\nIf it was not you, ignore this email; your password stays as it is.\n",
            "reset-password", cancellationToken);

    private async Task SendAsync(
        BychefizaUser user, AccountTokenPurpose purpose, string subject, Func<string, string> body, string page, CancellationToken cancellationToken)
    {
        var secret = await tokens.IssueAsync(user.Id, purpose, cancellationToken);
        var link = web.Value.Link($"{page}?token={Uri.EscapeDataString(secret)}");
        await email.SendAsync(new EmailMessage(user.Email!, subject, body(link)), cancellationToken);
    }
}
