using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Model;

/// <summary>
/// Refuses passwords over 128 characters (OWASP ASVS 2.1.2): long enough for any passphrase, short
/// enough that nobody stores, hashes or compares megabytes sent as a password.
/// </summary>
public sealed class PasswordLengthLimit : IPasswordValidator<BychefizaUser>
{
    public const int MaxLength = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<BychefizaUser> manager, BychefizaUser user, string? password) =>
        Task.FromResult(password is { Length: > MaxLength }
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"Use at most {MaxLength} characters." })
            : IdentityResult.Success);
}
