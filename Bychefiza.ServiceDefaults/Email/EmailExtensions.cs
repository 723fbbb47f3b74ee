using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Microsoft.Extensions.Hosting;

public sealed record EmailMessage(string To, string Subject, string Body);

/// <summary>Sends mail to people: SMTP where a relay is configured, otherwise a pickup folder.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>The <c>Email</c> section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "Bychefiza <no-reply@bychefiza.local>";

    /// <summary>Where messages are written as .eml files when no SMTP host is set.</summary>
    public string PickupDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "bychefiza-mail");

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// STARTTLS by default, and required: "when available" would let anyone on the path strip it and
    /// read the links and the password. <c>SslOnConnect</c> for port 465, <c>None</c> only for a relay on the same host.
    /// </summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;
}

public static class EmailExtensions
{
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(EmailOptions.Section);
        builder.Services.Configure<EmailOptions>(section);
        if (string.IsNullOrWhiteSpace(section["Smtp:Host"]))
        {
            builder.Services.AddSingleton<IEmailSender, PickupFolderEmailSender>();
        }
        else
        {
            builder.Services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }
        return builder;
    }

    internal static MimeMessage ToMime(this EmailMessage message, EmailOptions options) => new(
        [MailboxAddress.Parse(options.From)],
        [MailboxAddress.Parse(message.To)],
        message.Subject,
        new TextPart("plain") { Text = message.Body });
}

/// <summary>Writes each message as an RFC 5322 file, as a mail server's pickup folder would take it.</summary>
internal sealed class PickupFolderEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.PickupDirectory);
        var path = Path.Combine(options.Value.PickupDirectory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");

        // Written aside, then renamed: whoever watches the folder never reads half a message.
        var partial = path + ".partial";
        await message.ToMime(options.Value).WriteToAsync(partial, cancellationToken);
        File.Move(partial, path);
    }
}

internal sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message.ToMime(options.Value), cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
