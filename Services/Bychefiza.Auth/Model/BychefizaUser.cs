using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Model;

/// <summary>An account: ASP.NET Core Identity's user with the name shown in the shop.</summary>
public sealed class BychefizaUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
