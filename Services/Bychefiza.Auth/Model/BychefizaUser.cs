using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Model;

/// <summary>An account: ASP.NET Core Identity's user with the name shown in the shop.</summary>
public sealed class BychefizaUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>An admin's lock has no end; a lockout after failed sign-ins lasts 15 minutes.</summary>
    public static readonly DateTimeOffset AdminLockEnd = DateTimeOffset.MaxValue;

    /// <summary>
    /// Locked by an admin: no sign-in of any kind and no refresh. A lockout after failed sign-ins only
    /// stops passwords, so whoever guesses cannot end the owner's sessions or external sign-ins.
    /// </summary>
    public bool LockedByAdmin => LockoutEnd == AdminLockEnd;
}
