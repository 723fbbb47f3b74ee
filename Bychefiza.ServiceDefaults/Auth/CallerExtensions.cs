using System.Security.Claims;

namespace Bychefiza.ServiceDefaults.Auth;

public static class CallerExtensions
{
    /// <summary>The account id in the access token's <c>sub</c> claim; null for an anonymous or malformed caller.</summary>
    public static Guid? UserId(this ClaimsPrincipal caller) =>
        Guid.TryParse(caller.FindFirstValue("sub"), out var id) ? id : null;

    public static bool IsAdmin(this ClaimsPrincipal caller) => caller.IsInRole(Roles.Admin);
}
