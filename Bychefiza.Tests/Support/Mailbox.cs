using System.Text.RegularExpressions;
using MimeKit;

namespace Bychefiza.Tests.Support;

/// <summary>The pickup folder the services write mail to, read the way a person reads their inbox.</summary>
public sealed partial class Mailbox(string folder)
{
    public IReadOnlyList<MimeMessage> To(string address) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.eml").Order().Select(path => MimeMessage.Load(path))
                .Where(message => message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))]
            : [];

    /// <summary>The token in the newest link of <paramref name="page"/> sent to the address, once it has arrived.</summary>
    public async Task<string> TokenAsync(string address, string page)
    {
        var token = await Poll.UntilAsync(
            () => Task.FromResult(To(address).Select(m => LinkToken(m.TextBody ?? "", page)).LastOrDefault(found => found is not null)),
            found => found is not null,
            TimeSpan.FromSeconds(15),
            $"a {page} email to {address}");
        return token!;
    }

    public void Delete()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? LinkToken(string body, string page) =>
        LinkPattern().Matches(body).Where(m => m.Groups["page"].Value == page).Select(m => Uri.UnescapeDataString(m.Groups["token"].Value)).LastOrDefault();

    [GeneratedRegex(@"/(?<page>[a-z-]+)\?token=(?<token>[A-Za-z0-9_%-]+)")]
    private static partial Regex LinkPattern();
}
